using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Beads.Actors.Registry;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Microsoft.AspNetCore.Http;

namespace Beads.Host.Gateway;

/// <summary>Forwards one message from a client into the cluster (the rig's shard region) and returns the reply.</summary>
public sealed class RigGateway(ActorRegistry actors, GatewayOptions options)
{
    public async Task<IResult> Forward(IRigMessage message, CancellationToken cancellation)
    {
        try
        {
            if (message is InitRig init && await Register(init, cancellation) is { } refusal)
                return Problems.From(refusal);
            var region = await actors.GetAsync<RigRegion>(cancellation);
            var reply = await region.Ask<IRigReply>(message, options.AskTimeout, cancellation);
            return reply is Rejected rejected
                ? Problems.From(rejected)
                : Results.Json<IRigReply>(reply, GatewayJson.Options);
        }
        catch (AskTimeoutException)
        {
            return Problems.Problem(Problems.Timeout,
                $"rig '{message.Rig}' did not answer within {options.AskTimeout.TotalSeconds:0} s: the host may be overloaded or its database unreachable; check `bd host status` and retry");
        }
    }

    public async Task<RigDirectory> Rigs(CancellationToken cancellation)
    {
        var registry = await actors.GetAsync<RigRegistry>(cancellation);
        var listing = await registry.Ask<RigListing>(ListRigs.Instance, options.AskTimeout, cancellation);
        return new RigDirectory(listing.Rigs);
    }

    /// <summary>The cluster's members, each with the rigs it runs (every rig is a shard of its own), and the directory.</summary>
    public async Task<HostStatus> Status(Akka.Cluster.Cluster cluster, CancellationToken cancellation)
    {
        var region = await actors.GetAsync<RigRegion>(cancellation);
        var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(options.AskTimeout), options.AskTimeout, cancellation);
        var members = cluster.State.Members.Select(member => new ClusterMember(
            member.Address.ToString(), member.Status.ToString(), [.. member.Roles.Order()],
            stats.Regions.TryGetValue(member.Address, out var onMember)
                ? [.. onMember.Stats.Where(shard => shard.Value > 0).Select(shard => shard.Key).Order(StringComparer.Ordinal)]
                : []));
        return new HostStatus(cluster.SelfAddress.ToString(), cluster.State.Leader?.ToString() ?? "", [.. members],
            (await Rigs(cancellation)).Rigs);
    }

    /// <summary>
    /// A new rig enters the cluster's directory before it is initialised, so that two rigs can never claim one name
    /// or one id prefix; the directory mirrors the rig's own rules, so a rig it accepts will accept its init too.
    /// </summary>
    private async Task<Rejected?> Register(InitRig init, CancellationToken cancellation)
    {
        var registry = await actors.GetAsync<RigRegistry>(cancellation);
        var entry = new RigEntry(init.Rig, init.Prefix.Trim().TrimEnd('-').ToLowerInvariant(), init.HomeDirectory);
        var reply = await registry.Ask<IRegistryMessage>(new RegisterRig(entry), options.AskTimeout, cancellation);
        return (reply as RegistryRefusal)?.Reason;
    }
}
