using System.Text.RegularExpressions;
using VhostGpu.EndToEnd.Backends;

namespace VhostGpu.EndToEnd;

/// <summary>
/// Issue 7 with the real guest: QEMU's vhost-user-gpu front-end passes VIRTIO_GPU_F_RESOURCE_UUID
/// to the guest when VhostGpu offers it, and a DRM PRIME export in the guest makes Linux's driver
/// ask for the buffer's UUID, which VhostGpu announces to QEMU (SHARED_OBJECT_ADD, acked) and
/// withdraws (SHARED_OBJECT_REMOVE) when the guest frees the buffer.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class ResourceUuidTests(ITestOutputHelper output)
{
    private const int ResourceUuidBit = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GuestNegotiatesResourceUuidAndItsPrimeExportIsAnnouncedThenWithdrawn()
    {
        await using GuestDisplaySession session = await GuestDisplaySession.StartAsync(BackendCommand.VhostGpu, "resource-uuid", output.WriteLine);
        await session.WaitForBootAsync();

        string features = await session.Qemu.Console.AskAsync("features", "FEATURES", Patience);
        output.WriteLine($"guest virtio-gpu features: {features}");
        Assert.True(features.Length > ResourceUuidBit && features[ResourceUuidBit] == '1', $"the guest did not negotiate RESOURCE_UUID: {features}");

        string exported = await session.Qemu.Console.AskAsync("export", "EXPORTED", Patience);
        output.WriteLine($"guest exported a dumb buffer: {exported}");
        Match added = await WaitForBackendLineAsync(session, AddedLine());
        Guid uuid = Guid.Parse(added.Groups["uuid"].Value);
        Match removed = await WaitForBackendLineAsync(session, RemovedLine());
        Assert.Equal(uuid, Guid.Parse(removed.Groups["uuid"].Value));

        await session.DrawAndAssertAsync("bars");
        Assert.False(session.Backend.Process.HasExited, $"VhostGpu ended: {session.Backend.Process.Describe()}");
        Assert.Empty(session.Qemu.Process.ErrorLines);
    }

    private async Task<Match> WaitForBackendLineAsync(GuestDisplaySession session, Regex pattern)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            foreach (string line in session.Backend.Process.ErrorLines)
            {
                Match match = pattern.Match(line);
                if (match.Success)
                {
                    output.WriteLine($"back-end: {line}");
                    return match;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"the back-end never logged /{pattern}/ (log: {session.Backend.Process.LogPath})");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"SHARED_OBJECT_ADD (?<uuid>[0-9a-f-]{36}) delivered")]
    private static partial Regex AddedLine();

    [GeneratedRegex(@"SHARED_OBJECT_REMOVE (?<uuid>[0-9a-f-]{36}) delivered")]
    private static partial Regex RemovedLine();
}
