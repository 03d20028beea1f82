using VhostGpu.Interop;
using VhostGpu.TestSupport.FrontEnd;
using VhostGpu.TestSupport.Guest;

namespace VhostGpu.Tests.Protocol;

/// <summary>A guest for protocol tests: memfd RAM, the GPU's two driver queues (control 64, cursor 16) and their eventfds.</summary>
public sealed class TestGuest : IDisposable
{
    public TestGuest(ulong ramSize = 16 << 20)
    {
        Ram = new GuestRam(ramSize);
        Queues = [new DriverQueue(Ram, 64), new DriverQueue(Ram, 16)];
        Notifiers = [new QueueNotifiers(), new QueueNotifiers()];
    }

    public GuestRam Ram { get; }

    public DriverQueue[] Queues { get; }

    public QueueNotifiers[] Notifiers { get; }

    public HandshakeResult Handshake(VhostUserFrontEnd frontEnd, FileDescriptor? backendChannel = null) =>
        frontEnd.QemuHandshake(Ram, Queues, Notifiers, backendChannel);

    /// <summary>
    /// Puts a 24-byte request (a virtio-gpu GET_DISPLAY_INFO header, so a GPU device has something
    /// sensible to answer) and a 408-byte response buffer on queue 0 and kicks.
    /// </summary>
    public ushort SubmitControlRequest()
    {
        var q = Queues[0];
        var request = new byte[24];
        request[0] = 0x00;
        request[1] = 0x01;
        ulong header = q.AllocateBuffer(request.Length, request);
        ulong response = q.AllocateBuffer(408);
        ushort head = q.Submit(GuestBuffer.Readable(header, (uint)request.Length), GuestBuffer.Writable(response, 408));
        Notifiers[0].Kick.Signal();
        return head;
    }

    /// <summary>Waits for the device to return a chain on queue <paramref name="queue"/>; null on timeout.</summary>
    public UsedElement? WaitForUsed(int queue, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            if (Queues[queue].TryTakeUsed(out var used))
            {
                return used;
            }
            Notifiers[queue].Call.Wait(20);
        }
        return null;
    }

    public void Dispose()
    {
        foreach (var n in Notifiers)
        {
            n.Dispose();
        }
        Ram.Dispose();
    }
}
