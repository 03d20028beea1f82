using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace VhostGpu.EndToEnd.Guest;

/// <summary>
/// The guest's serial port. Everything the guest prints goes to a log file; lines that carry the
/// guest's "E2E " replies (see tests/EndToEnd/guest/init) are queued for the test to wait on.
/// </summary>
public sealed class GuestConsole : IDisposable
{
    private const string ReplyPrefix = "E2E ";

    private readonly Socket _socket;
    private readonly Channel<string> _replies = Channel.CreateUnbounded<string>();
    private readonly StreamWriter _log;
    private readonly Task _reader;

    public GuestConsole(Socket socket, string logPath)
    {
        _socket = socket;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        _reader = Task.Run(ReadLinesAsync);
    }

    /// <summary>
    /// Waits for the guest to report its framebuffer ("READY width height stride bpp") after a
    /// boot; an "ERROR" reply or the port closing fails with the guest's reason.
    /// </summary>
    public async Task<GuestFramebuffer> WaitForReadyAsync(TimeSpan timeout)
    {
        string[] words = (await ExpectReplyAsync("READY", timeout)).Split(' ');
        if (words.Length != 5)
        {
            throw new GuestException($"malformed READY reply '{string.Join(' ', words)}'");
        }

        return new GuestFramebuffer(int.Parse(words[1]), int.Parse(words[2]), int.Parse(words[3]), int.Parse(words[4]));
    }

    public async Task DrawAsync(string pattern, TimeSpan timeout)
    {
        await SendAsync($"draw {pattern}");
        string reply = await ExpectReplyAsync("DRAWN", timeout);
        if (reply != $"DRAWN {pattern}")
        {
            throw new GuestException($"asked to draw '{pattern}', the guest replied '{reply}'");
        }
    }

    /// <summary>Sends <paramref name="command"/> and returns the words after the reply's <paramref name="kind"/>.</summary>
    public async Task<string> AskAsync(string command, string kind, TimeSpan timeout)
    {
        await SendAsync(command);
        return (await ExpectReplyAsync(kind, timeout))[kind.Length..].Trim();
    }

    public void Dispose()
    {
        _socket.Dispose();
        _reader.Wait(TimeSpan.FromSeconds(5));
        _log.Dispose();
    }

    private async Task SendAsync(string command)
    {
        byte[] line = Encoding.ASCII.GetBytes(command + "\n");
        await _socket.SendAsync(line, SocketFlags.None);
    }

    private async Task<string> ExpectReplyAsync(string kind, TimeSpan timeout)
    {
        using CancellationTokenSource deadline = new(timeout);
        try
        {
            while (true)
            {
                string reply = await _replies.Reader.ReadAsync(deadline.Token);
                if (reply.StartsWith("ERROR", StringComparison.Ordinal))
                {
                    throw new GuestException($"guest reported: {reply}");
                }

                if (reply.StartsWith(kind, StringComparison.Ordinal))
                {
                    return reply;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {kind} reply from the guest within {timeout.TotalSeconds} s");
        }
        catch (ChannelClosedException)
        {
            throw new GuestException($"the guest's serial port closed while waiting for {kind}");
        }
    }

    private async Task ReadLinesAsync()
    {
        byte[] buffer = new byte[4096];
        StringBuilder line = new();
        try
        {
            while (true)
            {
                int received = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (received == 0)
                {
                    break;
                }

                foreach (char character in Encoding.Latin1.GetString(buffer, 0, received))
                {
                    if (character == '\n')
                    {
                        OnLine(line.ToString().TrimEnd('\r'));
                        line.Clear();
                    }
                    else
                    {
                        line.Append(character);
                    }
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The test closed the port or QEMU went away; whoever waits learns it from the closed channel.
        }
        finally
        {
            if (line.Length > 0)
            {
                OnLine(line.ToString());
            }

            _replies.Writer.TryComplete();
        }
    }

    private void OnLine(string text)
    {
        _log.WriteLine(text);
        // Kernel messages share the port and may precede the reply on the same line.
        int start = text.IndexOf(ReplyPrefix, StringComparison.Ordinal);
        if (start >= 0)
        {
            _replies.Writer.TryWrite(text[(start + ReplyPrefix.Length)..].Trim());
        }
    }
}
