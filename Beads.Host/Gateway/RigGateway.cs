using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Beads.Actors.Cluster;
using Beads.Actors.Domain;
using Beads.Actors.Registry;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Microsoft.AspNetCore.Http;

namespace Beads.Host.Gateway;

/// <summary>
/// Forwards one message from a client into the cluster and returns the reply: to the shard region of the node that
/// hosts the rig when this node's <see cref="RigLocations"/> knows it, else to this node's own region.
/// </summary>
public sealed class RigGateway(ActorRegistry actors, GatewayOptions options, ActorSystem system, RigLocations locations)
{
    /// <summary>
    /// How long a message waits for its answer before the same message is sent once more, the earlier copies still
    /// waiting: one second after the first copy, then every two. A message sent to a node that has just died is lost
    /// until the cluster downs that node and the rig restarts elsewhere; sending it again means the sender is answered
    /// soon after the rig is back instead of after a whole <see cref="GatewayOptions.AskTimeout"/>. A read can be asked
    /// any number of times; a command travels in a <see cref="DeliverOnce"/>, so the rig applies only one copy.
    /// </summary>
    private static TimeSpan ResendAfter(int copies) => TimeSpan.FromSeconds(Math.Min(copies, 2));

    /// <summary>How long to wait before sending a message again that came back as undeliverable.</summary>
    private static readonly TimeSpan UnavailablePause = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Forwards a query, or a command in the <see cref="DeliverOnce"/> its client sent it in (bd chooses the request
    /// id, so that a copy it resends through another node is recognised), or a bare command, which gets a request
    /// id here.
    /// </summary>
    public async Task<IResult> Forward(IRigMessage message, CancellationToken cancellation)
    {
        if (Unwrapped(message) is not var (requestId, inner)) return Problems.Problem(Problems.BadRequest, BadEnvelope);
        message = inner;
        try
        {
            if (message is InitRig init)
            {
                // The init reaches the node of the machine the user ran bd on: that machine holds the rig's folder.
                var registered = await Register(init with { HomeNode = HomeNodes.OfThisNode(system) }, cancellation);
                if (registered is RegistryRefusal refusal) return Problems.From(refusal.Reason);
                message = init with { HomeNode = ((RigRegistered)registered).Entry.HomeNode };
            }
            var region = await actors.GetAsync<RigRegion>(cancellation);
            var reply = await AskWithRetries(region, message is IRigCommand command
                ? new DeliverOnce(requestId ?? DeliverOnce.NewRequestId(), command)
                : message, cancellation);
            return reply is Rejected rejected
                ? Problems.From(rejected)
                : Results.Json<IRigReply>(reply, GatewayJson.Options);
        }
        catch (AskTimeoutException)
        {
            var outcome = message is IRigCommand
                ? "the change may or may not have been made (check with `bd show` or `bd list` before retrying)"
                : "retry";
            return Problems.Problem(Problems.Timeout,
                $"rig '{message.Rig}' did not answer within {options.AskTimeout.TotalSeconds:0} s: its node may have died and the rig be moving, the host may be overloaded or its database unreachable; {outcome}; `bd host status` shows the cluster");
        }
    }

    private const string BadEnvelope =
        "a once-only envelope must hold one command (not a query or another envelope) and a request id of 1 to 64 " +
        "letters, digits, '-' or '_'";

    /// <summary>The request id a client chose (or null) and the message inside; null when the envelope is not valid.</summary>
    private static (string? RequestId, IRigMessage Message)? Unwrapped(IRigMessage message) => message switch
    {
        DeliverOnce { Command: IRigCommand } once when IsRequestId(once.RequestId) => (once.RequestId, once.Command),
        DeliverOnce => null,
        _ => (null, message),
    };

    private static bool IsRequestId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>
    /// Asks the rig, sending the message again while no copy has been answered (see <see cref="ResendAfter"/>), and
    /// again at once when the answer is that its node cannot be reached (that copy died in dead letters). The first
    /// answer to any copy wins. Every copy shares one deadline, so the first timeout means that the deadline has passed.
    /// </summary>
    private async Task<IRigReply> AskWithRetries(IActorRef region, IRigMessage message, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + options.AskTimeout;
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
                var target = locations.RegionOf(message.Rig) ?? region;
                waiting.Add(target.Ask<IRigReply>(message, Left(deadline), cancellation));
                sendAgain = message is IRigQuery or DeliverOnce ? Task.Delay(ResendAfter(++copies), cancellation) : Never;
            }
            var finished = await Task.WhenAny([.. waiting, sendAgain]);
            if (finished == sendAgain) continue;
            var answered = (Task<IRigReply>)finished;
            waiting.Remove(answered);
            var reply = await answered;
            if (reply is not Rejected { Code: ErrorCodes.RigUnavailable } || DateTime.UtcNow + UnavailablePause >= deadline)
            {
                await answeredOnce.CancelAsync();
                return reply;
            }
            sendAgain = Task.Delay(UnavailablePause, cancellation);
        }
    }

    private static readonly Task Never = new TaskCompletionSource().Task;

    private static TimeSpan Left(DateTime deadline) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(1).Ticks, (deadline - DateTime.UtcNow).Ticks));

    /// <summary>
    /// Every rig this node has seen in the registry, by id prefix. A prefix never changes owner (the registry refuses
    /// a second rig with one), so a prefix once learned answers later lookups here even while the registry singleton
    /// moves with a dead node.
    /// </summary>
    private ImmutableDictionary<string, RigEntry> _byPrefix = ImmutableDictionary<string, RigEntry>.Empty;

    public async Task<RigDirectory> Rigs(CancellationToken cancellation)
    {
        var registry = await actors.GetAsync<RigRegistry>(cancellation);
        var listing = await registry.Ask<RigListing>(ListRigs.Instance, options.AskTimeout, cancellation);
        _byPrefix = listing.Rigs.ToImmutableDictionary(rig => rig.Prefix);
        return new RigDirectory(listing.Rigs);
    }

    /// <summary>The rig that owns an id prefix, or null when no rig does.</summary>
    public async Task<RigEntry?> RigByPrefix(string prefix, CancellationToken cancellation) =>
        _byPrefix.GetValueOrDefault(prefix) ?? (await Rigs(cancellation)).Rigs.FirstOrDefault(rig => rig.Prefix == prefix);

    /// <summary>
    /// The cluster's members, each with the rigs running on it as its shard region reports them right now (asked
    /// directly, so the answer comes even while the sharding coordinator moves), and the directory.
    /// </summary>
    public async Task<HostStatus> Status(Akka.Cluster.Cluster cluster, CancellationToken cancellation)
    {
        var locator = await actors.GetAsync<RigLocatorKey>(cancellation);
        var report = await locator.Ask<RigLocationsReport>(ReportRigLocations.Instance, options.AskTimeout, cancellation);
        var members = cluster.State.Members.Select(member => new ClusterMember(
            member.Address.ToString(), member.Status.ToString(), [.. member.Roles.Order()],
            report.ByMember.TryGetValue(member.Address, out var onMember) ? [.. onMember.Running] : []));
        return new HostStatus(cluster.SelfAddress.ToString(), cluster.State.Leader?.ToString() ?? "", [.. members],
            (await Rigs(cancellation)).Rigs);
    }

    /// <summary>
    /// A new rig enters the cluster's directory before it is initialised, so that two rigs can never claim one name
    /// or one id prefix; the directory mirrors the rig's own rules, so a rig it accepts will accept its init too.
    /// </summary>
    private async Task<IRegistryMessage> Register(InitRig init, CancellationToken cancellation)
    {
        var registry = await actors.GetAsync<RigRegistry>(cancellation);
        var entry = new RigEntry(init.Rig, IssueIds.NormalizePrefix(init.Prefix), init.HomeDirectory)
        {
            HomeNode = init.HomeNode,
        };
        return await registry.Ask<IRegistryMessage>(new RegisterRig(entry), options.AskTimeout, cancellation);
    }
}
