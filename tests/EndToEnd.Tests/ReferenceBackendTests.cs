using VhostGpu.EndToEnd.Backends;
using VhostGpu.EndToEnd.Guest;
using VhostGpu.EndToEnd.Imaging;
using VhostGpu.EndToEnd.Qemu;

namespace VhostGpu.EndToEnd;

/// <summary>
/// The control: QEMU's own back-end (/usr/lib/qemu/vhost-user-gpu) must pass the drawing part of
/// the end-to-end test, which shows the guest, QEMU and the comparison work. What it does after a
/// pause and a reset is recorded, not asserted: it is known to break there (protocol reference 2.3).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ReferenceBackendTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ReferenceBackendShowsGuestDrawings_AndItsPauseAndResetBehaviourIsRecorded()
    {
        List<string> observations = [];
        void Log(string line)
        {
            output.WriteLine(line);
            observations.Add(line);
        }

        await using GuestDisplaySession session = await GuestDisplaySession.StartAsync(BackendCommand.Reference, "qemu-reference", Log);
        await session.WaitForBootAsync();
        await session.DrawAndAssertAsync("bars");
        await session.DrawAndAssertAsync("tiles");

        await RecordAsync("after stop/cont, screen still shows 'tiles'", session, async () =>
        {
            await session.PauseAndResumeAsync();
            return await ScreenShowsAsync(session, "tiles");
        }, Log);
        await RecordAsync("after stop/cont, the guest draws 'waves' and the screen shows it", session, async () =>
        {
            await session.DrawAsync("waves");
            return await ScreenShowsAsync(session, "waves");
        }, Log);
        await RecordAsync("after system_reset, the guest boots, draws 'bars' and the screen shows it", session, async () =>
        {
            await session.ResetAsync();
            await session.WaitForBootAsync();
            await session.DrawAsync("bars");
            return await ScreenShowsAsync(session, "bars");
        }, Log);

        Log($"QEMU stderr: {(session.Qemu.Process.ErrorLines.Count == 0 ? "(empty)" : string.Join(" | ", session.Qemu.Process.ErrorLines))}");
        File.WriteAllLines(Path.Combine(session.LogDirectory, "observations.txt"), observations);
    }

    private static async Task<string> ScreenShowsAsync(GuestDisplaySession session, string pattern)
    {
        ImageDifference difference = await session.WaitForScreenAsync(pattern, TimeSpan.FromSeconds(10));
        return difference.IsEmpty ? "yes" : $"no ({difference})";
    }

    private static async Task RecordAsync(string question, GuestDisplaySession session, Func<Task<string>> step, Action<string> log)
    {
        string answer;
        try
        {
            answer = await step().WaitAsync(GuestDisplaySession.BootTimeout);
        }
        catch (Exception exception) when (exception is GuestException or TimeoutException or QmpException or IOException)
        {
            answer = $"no ({exception.Message})";
        }

        log($"reference back-end: {question}? {answer}; back-end {session.Backend.Process.Describe()}");
    }
}
