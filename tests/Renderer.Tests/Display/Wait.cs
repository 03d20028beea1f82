namespace VhostGpu.Tests.Display;

internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="seconds"/> pass; returns its last value.</summary>
    public static bool Until(Func<bool> condition, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            Thread.Sleep(20);
        }
        return true;
    }
}
