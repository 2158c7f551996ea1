using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// The rig's deferral timer: one single timer for the earliest deferred issue due back (<see cref="Deferrals"/>),
/// armed after recovery (so a restart or a move re-arms it from the journal) and sooner whenever a change defers an
/// issue to an earlier time. When it fires, the rig decides <see cref="ReleaseDueDeferrals"/> as any other command.
/// </summary>
public sealed partial class RigActor
{
    /// <summary>
    /// The timer's longest wait: a deferral a year out is re-armed daily, as the scheduler is built for short delays
    /// and the clock may be set meanwhile.
    /// </summary>
    private static readonly TimeSpan LongestDeferralWait = TimeSpan.FromDays(1);

    /// <summary>While the SQL tables lag and commands are held, the release is tried again this much later.</summary>
    private static readonly TimeSpan HeldDeferralRetry = TimeSpan.FromSeconds(1);

    private DateTimeOffset? _deferralTimerAt;

    private void ArmDeferralTimer(DateTimeOffset? due)
    {
        _deferralTimerAt = due;
        if (due is not { } at)
        {
            Timers.Cancel(nameof(DeferralsDue));
            return;
        }
        var wait = at - _settings.Clock.GetUtcNow();
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestDeferralWait ? LongestDeferralWait : wait;
        Timers.StartSingleTimer(nameof(DeferralsDue), DeferralsDue.Instance, wait);
    }

    /// <summary>After a durable change: arm the timer sooner when the change deferred an issue to an earlier time.</summary>
    private void ArmDeferralTimerFor(IRigEvent change)
    {
        if (Deferrals.ArmedBy(change, _durable) is { } due && (_deferralTimerAt is not { } armed || due < armed))
            ArmDeferralTimer(due);
    }

    private void ReleaseDeferralsDue()
    {
        if (_intakeHeld)
        {
            ArmDeferralTimer(_settings.Clock.GetUtcNow() + HeldDeferralRetry);
            return;
        }
        Handle(new ReleaseDueDeferrals(_rig, ReleaseDueDeferrals.RigClock), null, ActorRefs.Nobody);
        ArmDeferralTimer(Deferrals.NextDue(_pending));
    }

    private sealed record DeferralsDue
    {
        public static readonly DeferralsDue Instance = new();
    }
}
