using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// Claims that wait (<c>bd ready --claim --wait</c>): a <see cref="ClaimReadyWork"/> that finds nothing ready is kept
/// in <see cref="ClaimWaiters"/> until its wait ends. Every durable change wakes the line once (a burst of changes, once):
/// each waiter in turn claims the first issue ready for it, decided on the pending state like any command, so an issue
/// goes to one waiter only. Nothing polls: a waiter costs nothing until the rig changes.
/// </summary>
public sealed partial class RigActor
{
    private readonly ClaimWaiters _waiters = new();
    private bool _wakeSent;

    private static string WaitTimerKey(string key) => $"claim-wait:{key}";

    /// <summary>Keeps a waiting claim when nothing can be claimed for it now; false when it is to be decided at once.</summary>
    private bool Parked(ClaimReadyWork wait, DeliverOnce? envelope, IActorRef sender)
    {
        var key = envelope?.RequestId;
        // A copy the gateway sent again: had anything been ready for it, the line would have been woken.
        if (key is not null && _waiters.TryReaddress(key, sender)) return true;
        if (wait.Wait <= TimeSpan.Zero || RigDecider.Claimable(_pending, wait, _settings.Clock.GetUtcNow()) is not { IsOk: true, Value: null })
            return false;
        key ??= Guid.NewGuid().ToString("N");
        _waiters.Park(key, wait, envelope, sender);
        Timers.StartSingleTimer(WaitTimerKey(key), new ClaimWaitEnded(key), wait.Wait);
        return true;
    }

    /// <summary>After a durable change: the waiters are tried once the mailbox holds no more of this burst.</summary>
    private void WakeWaiters()
    {
        if (_waiters.Count == 0 || _wakeSent) return;
        _wakeSent = true;
        Self.Tell(WakeClaimWaiters.Instance);
    }

    private void TryWaiters()
    {
        _wakeSent = false;
        if (_intakeHeld) return; // ResumeIntake wakes them
        var now = _settings.Clock.GetUtcNow();
        foreach (var waiter in _waiters.InOrder)
        {
            if (RigDecider.Claimable(_pending, waiter.Command, now) is not { IsOk: true, Value: not null }) continue;
            _waiters.Remove(waiter.Key);
            Timers.Cancel(WaitTimerKey(waiter.Key));
            Handle(waiter.Command, waiter.Envelope, waiter.Sender);
        }
    }

    /// <summary>The wait is over with nothing claimed: an empty answer, which a late copy of the request gets too.</summary>
    private void EndWait(string key)
    {
        if (_waiters.Remove(key) is not { } waiter) return;
        Timers.Cancel(WaitTimerKey(key));
        var nothing = new IssueSummaries([]);
        if (waiter.Envelope is { } envelope) _unjournaledAnswers.Remember(envelope.RequestId, nothing);
        waiter.Sender.Tell(nothing);
    }

    /// <summary>A rig that stops tells its waiters it claimed nothing for them, rather than leaving them to a timeout.</summary>
    private void EndAllWaits()
    {
        foreach (var waiter in _waiters.RemoveAll()) waiter.Sender.Tell(new IssueSummaries([]));
    }

    private sealed record WakeClaimWaiters
    {
        public static readonly WakeClaimWaiters Instance = new();
    }

    private sealed record ClaimWaitEnded(string Key);
}
