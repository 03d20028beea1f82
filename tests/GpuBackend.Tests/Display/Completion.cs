namespace VhostGpu.Tests.Display;

/// <summary>Catches one completion callback of the sink (which may run on any thread).</summary>
internal sealed class Completion<T>
    where T : class
{
    private readonly ManualResetEventSlim _done = new();
    private T? _value;
    private int _calls;

    public Action<T?> Callback => value =>
    {
        _value = value;
        Interlocked.Increment(ref _calls);
        _done.Set();
    };

    public bool IsCompleted => _done.IsSet;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The value; fails the test when the callback did not run within <paramref name="timeout"/>.</summary>
    public T? Wait(TimeSpan timeout)
    {
        Assert.True(_done.Wait(timeout), "the completion never ran");
        return _value;
    }
}
