using Akka.Actor;
using Beads.Actors.Cluster;
using Beads.Protocol;

namespace Beads.Host.Gateway;

/// <summary>
/// Asks a rig the way every client of the gateway is answered: to the shard region that hosts it when this node's
/// <see cref="RigLocations"/> knows it, else to this node's own region; sending the same message again while no copy
/// has been answered, and again soon when a copy came back as undeliverable. The first answer to any copy wins, and
/// every copy shares one deadline. Resending is what makes a message lost on the way answered anyway: one sent to a
/// node that has just died, or one that sharding dropped while its own store was failing (Akka documents that a shard
/// which cannot record its entities may lose the messages it holds). A read can be asked any number of times; a
/// command must travel in a <see cref="DeliverOnce"/>, so that the rig applies one copy and answers the others alike.
/// </summary>
/// <param name="deadline">How long the whole exchange may take; then <see cref="AskTimeoutException"/>.</param>
public sealed class RigMessenger(RigLocations locations, TimeSpan deadline)
{
    /// <summary>
    /// How long a copy waits for its answer before the next one is sent, the earlier copies still waiting: one
    /// second after the first copy, then every two (a waiting claim: every five); only a quarter of a second after a copy that went to this node's
    /// own region because the picture did not know the rig yet (it is being looked up meanwhile: a rig this node's
    /// region has not learned the home of waits there for the coordinator, which may be moving).
    /// </summary>
    private static TimeSpan ResendAfter(IRigMessage message, int copies, bool located) =>
        message is DeliverOnce { Command: ClaimReadyWork { Wait.Ticks: > 0 } } ? WaitingResend
        : located ? TimeSpan.FromSeconds(Math.Min(copies, 2)) : TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A claim that waits for work is kept at the rig and answered when work comes: a copy only matters when the rig
    /// moved meanwhile (it lost its waiters, and told them), so copies go seldom.
    /// </summary>
    private static readonly TimeSpan WaitingResend = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait before sending a message again that came back as undeliverable.</summary>
    private static readonly TimeSpan UnavailablePause = TimeSpan.FromMilliseconds(250);

    private static readonly Task Never = new TaskCompletionSource().Task;

    public async Task<IRigReply> Ask(IActorRef region, IRigMessage message, CancellationToken cancellation)
    {
        if (message is IRigCommand)
            throw new ArgumentException("a command is asked in a DeliverOnce, so that its copies are applied once", nameof(message));
        var until = DateTime.UtcNow + deadline;
        // Copies still unanswered when one is answered stop waiting at once rather than at the deadline.
        using var answeredOnce = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        cancellation = answeredOnce.Token;
        var waiting = new List<Task<IRigReply>>();
        var sendAgain = Task.CompletedTask;
        var copies = 0;
        while (true)
        {
            if (sendAgain.IsCompleted)
            {
                // The hosting region delivers to its own shard without the coordinator, which this node's region
                // needs for a rig whose home it has not learned yet; the choice is made again for every copy.
                var located = locations.RegionOf(message.Rig);
                waiting.Add((located ?? region).Ask<IRigReply>(message, Left(until), cancellation));
                sendAgain = message is IRigQuery or DeliverOnce
                    ? Task.Delay(ResendAfter(message, ++copies, located is not null), cancellation)
                    : Never;
            }
            var finished = await Task.WhenAny([.. waiting, sendAgain]);
            if (finished == sendAgain) continue;
            var answered = (Task<IRigReply>)finished;
            waiting.Remove(answered);
            var reply = await answered;
            if (reply is not Rejected { Code: ErrorCodes.RigUnavailable } || DateTime.UtcNow + UnavailablePause >= until)
            {
                await answeredOnce.CancelAsync();
                return reply;
            }
            sendAgain = Task.Delay(UnavailablePause, cancellation);
        }
    }

    private static TimeSpan Left(DateTime until) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(1).Ticks, (until - DateTime.UtcNow).Ticks));
}
