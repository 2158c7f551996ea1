using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// The rig's clock: one single timer for the earliest time something is due, a deferred issue back
/// (<see cref="Deferrals"/>) or a claim's lease running out (<see cref="ClaimLeases"/>). It is armed after recovery
/// (so a restart or a move re-arms it from the journal) and sooner whenever a change sets an earlier time. When it
/// fires, the rig decides <see cref="ReleaseDueDeferrals"/> and <see cref="ReleaseExpiredLeases"/> as any other command.
/// </summary>
public sealed partial class RigActor
{
    /// <summary>
    /// The timer's longest wait: a deferral a year out is re-armed daily, as the scheduler is built for short delays
    /// and the clock may be set meanwhile.
    /// </summary>
    private static readonly TimeSpan LongestClockWait = TimeSpan.FromDays(1);

    /// <summary>While the SQL tables lag and commands are held, the release is tried again this much later.</summary>
    private static readonly TimeSpan HeldClockRetry = TimeSpan.FromSeconds(1);

    private DateTimeOffset? _clockTimerAt;

    private static DateTimeOffset? NextDue(RigState state) =>
        (Deferrals.NextDue(state), ClaimLeases.NextExpiry(state)) switch
        {
            ({ } deferral, { } lease) => deferral < lease ? deferral : lease,
            var (deferral, lease) => deferral ?? lease,
        };

    private void ArmClockTimer(DateTimeOffset? due)
    {
        _clockTimerAt = due;
        if (due is not { } at)
        {
            Timers.Cancel(nameof(ClockDue));
            return;
        }
        var wait = at - _settings.Clock.GetUtcNow();
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestClockWait ? LongestClockWait : wait;
        Timers.StartSingleTimer(nameof(ClockDue), ClockDue.Instance, wait);
    }

    /// <summary>After a durable change: arm the timer sooner when the change set an earlier time.</summary>
    private void ArmClockTimerFor(IRigEvent change)
    {
        var due = Deferrals.ArmedBy(change, _durable) ?? ClaimLeases.ArmedBy(change);
        if (due is { } at && (_clockTimerAt is not { } armed || at < armed))
            ArmClockTimer(at);
    }

    private void ReleaseDue()
    {
        if (_intakeHeld)
        {
            ArmClockTimer(_settings.Clock.GetUtcNow() + HeldClockRetry);
            return;
        }
        var now = _settings.Clock.GetUtcNow();
        if (Deferrals.NextDue(_pending) <= now)
            Handle(new ReleaseDueDeferrals(_rig, RigSelf.Actor), null, ActorRefs.Nobody);
        if (ClaimLeases.NextExpiry(_pending) <= now)
            Handle(new ReleaseExpiredLeases(_rig, RigSelf.Actor), null, ActorRefs.Nobody);
        ArmClockTimer(NextDue(_pending));
    }

    private sealed record ClockDue
    {
        public static readonly ClockDue Instance = new();
    }
}
