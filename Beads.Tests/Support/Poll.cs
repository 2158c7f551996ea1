using System.Diagnostics;

namespace Beads.Tests.Support;

/// <summary>Polling until something holds, within a deadline.</summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Checks <paramref name="condition"/> every <paramref name="interval"/> (100 ms unless given) until it holds, and
    /// returns how long that took; throws a <see cref="TimeoutException"/> naming <paramref name="what"/> when it still
    /// does not hold after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<TimeSpan> Until(Func<Task<bool>> condition, TimeSpan timeout, string what = "the condition",
        TimeSpan? interval = null)
    {
        var watch = Stopwatch.StartNew();
        if (await TryUntil(condition, timeout, interval)) return watch.Elapsed;
        throw new TimeoutException($"{what} did not hold within {timeout.TotalSeconds:0} s");
    }

    public static Task<TimeSpan> Until(Func<bool> condition, TimeSpan timeout, string what = "the condition", TimeSpan? interval = null) =>
        Until(() => Task.FromResult(condition()), timeout, what, interval);

    /// <summary>
    /// Checks <paramref name="condition"/> every <paramref name="interval"/> (100 ms unless given) until it holds or
    /// <paramref name="timeout"/> has passed; whether it held. For callers that assert what they waited for afterwards.
    /// </summary>
    public static async Task<bool> TryUntil(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(interval ?? DefaultInterval);
        }
        return true;
    }

    public static Task<bool> TryUntil(Func<bool> condition, TimeSpan timeout, TimeSpan? interval = null) =>
        TryUntil(() => Task.FromResult(condition()), timeout, interval);
}
