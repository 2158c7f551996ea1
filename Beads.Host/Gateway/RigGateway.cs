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
public sealed class RigGateway(ActorRegistry actors, GatewayOptions options, ActorSystem system, RigLocations locations, StoreFileWatch store)
{
    private readonly HomeAccess _homes = new(options.AllowedHomeRoots);

    /// <summary>
    /// Forwards a query, or a command in the <see cref="DeliverOnce"/> its client sent it in (bd chooses the request
    /// id, so that a copy it resends through another node is recognised), or a bare command, which gets a request
    /// id here. An init must name a home its <paramref name="caller"/> may give (<see cref="HomeAccess"/>). No command
    /// is sent, or acknowledged, while the store's file is not the one the host opened (<see cref="StoreFileWatch"/>).
    /// </summary>
    public async Task<IResult> Forward(IRigMessage message, HttpContext caller, CancellationToken cancellation)
    {
        if (Unwrapped(message) is not var (requestId, inner)) return Problems.Problem(Problems.BadRequest, BadEnvelope);
        var noAutoFlush = message is DeliverOnce { NoAutoFlush: true };
        var idempotencyKey = (message as DeliverOnce)?.IdempotencyKey;
        if (idempotencyKey is not null && DeliverOnce.KeyProblem(idempotencyKey) is { } badKey)
            return Problems.Problem(ErrorCodes.InvalidArgument, badKey);
        message = inner;
        // Sharding drops a message whose rig has no name (it would wait for the whole timeout); a name that no rig
        // may have is refused here at once.
        if (!RigNames.IsValid(message.Rig)) return Problems.Problem(ErrorCodes.InvalidArgument, RigNames.Invalid(message.Rig));
        if (message is FollowFeed)
            return Problems.Problem(Problems.BadRequest, $"the change feed is read with GET {GatewayRoutes.Feed}?rig=NAME (Server-Sent Events), not posted");
        if (message is IRigCommand && store.Problem() is { } lost) return Problems.Problem(ErrorCodes.StorageUnavailable, lost);
        try
        {
            if (message is InitRig init)
            {
                if (_homes.Problem(init.HomeDirectory, caller) is { } refused) return Problems.Problem(ErrorCodes.InvalidArgument, refused);
                // The init reaches the node of the machine the user ran bd on: that machine holds the rig's folder.
                var registered = await Register(init with { HomeNode = HomeNodes.OfThisNode(system) }, cancellation);
                if (registered is RegistryRefusal refusal) return Problems.From(refusal.Reason);
                message = init with { HomeNode = ((RigRegistered)registered).Entry.HomeNode };
            }
            var region = await actors.GetAsync<RigRegion>(cancellation);
            var envelope = message is IRigCommand command
                ? new DeliverOnce(requestId ?? DeliverOnce.NewRequestId(), command) { NoAutoFlush = noAutoFlush, IdempotencyKey = idempotencyKey }
                : null;
            // A claim that waits for work may be kept by the rig for its whole wait, then answered.
            var waited = message is ClaimReadyWork claim ? claim.Wait : TimeSpan.Zero;
            IRigReply reply;
            try
            {
                reply = await new RigMessenger(locations, options.AskTimeout + waited).Ask(region, envelope ?? message, cancellation);
            }
            catch (OperationCanceledException) when (waited > TimeSpan.Zero && envelope is not null)
            {
                // The client went away while waiting: no issue may be claimed for it now.
                region.Tell(new CancelClaimWait(message.Rig, envelope.RequestId));
                throw;
            }
            if (message is IRigCommand && store.Problem() is { } lostMeanwhile)
                return Problems.Problem(ErrorCodes.StorageUnavailable, $"this change went to a store file that is gone: {lostMeanwhile}");
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
    /// directly, so the answer comes even while the sharding coordinator moves), and the directory. A standalone host
    /// is its own only member, always up and its own leader, with the rigs it runs.
    /// </summary>
    public async Task<HostStatus> Status(ActorSystem system, CancellationToken cancellation)
    {
        ImmutableList<ClusterMember> members;
        string leader;
        if (system.IsClusterNode())
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            var locator = await actors.GetAsync<RigLocatorKey>(cancellation);
            var report = await locator.Ask<RigLocationsReport>(ReportRigLocations.Instance, options.AskTimeout, cancellation);
            members = [.. cluster.State.Members.Select(member => new ClusterMember(
                member.Address.ToString(), member.Status.ToString(), [.. member.Roles.Order()],
                report.ByMember.TryGetValue(member.Address, out var onMember) ? [.. onMember.Running] : []))];
            leader = cluster.State.Leader?.ToString() ?? "";
        }
        else
        {
            var rigs = await (await actors.GetAsync<RigRegion>(cancellation))
                .Ask<CurrentShardRegionState>(GetShardRegionState.Instance, options.AskTimeout, cancellation);
            leader = system.SelfAddress().ToString();
            members = [new ClusterMember(leader, nameof(Akka.Cluster.MemberStatus.Up), [.. system.Settings.Config.GetStringList("akka.cluster.roles", []).Order()],
                [.. rigs.Shards.SelectMany(shard => shard.EntityIds).Order()])];
        }
        return new HostStatus(system.SelfAddress().ToString(), leader, members, (await Rigs(cancellation)).Rigs);
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
