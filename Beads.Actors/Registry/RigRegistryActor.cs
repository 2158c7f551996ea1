using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Persistence;

namespace Beads.Actors.Registry;

/// <summary>
/// Holds the cluster's <see cref="RigDirectoryState"/>: one instance in the whole cluster (a singleton; a plain actor on
/// a standalone host), event-sourced so the directory survives restarts and moves with the singleton to another node.
/// </summary>
public sealed class RigRegistryActor : ReceivePersistentActor
{
    public const string Name = "rig-registry";

    private RigDirectoryState _directory = RigDirectoryState.Empty;

    public override string PersistenceId => "beads-rig-registry";

    public RigRegistryActor()
    {
        Recover<RigEntryRecorded>(recorded => _directory = _directory.Apply(recorded));

        Command<ListRigs>(_ => Sender.Tell(new RigListing([.. _directory.ByName.Values])));
        Command<RequireHome>(require =>
        {
            if (!_directory.ByName.TryGetValue(require.Rig, out var entry) || entry.HomeRequired == require.Required) return;
            Persist(new RigEntryRecorded(entry with { HomeRequired = require.Required }, DateTimeOffset.UtcNow),
                recorded => _directory = _directory.Apply(recorded));
        });
        Command<RegisterRig>(register =>
        {
            if (_directory.Refusal(register.Entry) is { } refusal)
            {
                Sender.Tell(new RegistryRefusal(refusal));
                return;
            }
            if (_directory.ByName.TryGetValue(register.Entry.Name, out var known))
            {
                Sender.Tell(new RigRegistered(known)); // the rig keeps the home node it was first made on
                return;
            }
            // Persist, not PersistAsync: registrations are rare, and the next one must see this one.
            Persist(new RigEntryRecorded(register.Entry, DateTimeOffset.UtcNow), recorded =>
            {
                _directory = _directory.Apply(recorded);
                Sender.Tell(new RigRegistered(recorded.Entry));
            });
        });
    }
}

/// <summary>The registry key of the proxy through which any node reaches the registry singleton.</summary>
public sealed class RigRegistry;

public static class RigRegistryHostingExtensions
{
    /// <summary>The registry: a cluster singleton with a proxy on every node, or a plain actor on a standalone host.</summary>
    public static AkkaConfigurationBuilder WithRigRegistry(this AkkaConfigurationBuilder builder, bool standalone) =>
        standalone
            ? builder.WithActors((system, registry) =>
                registry.Register<RigRegistry>(system.ActorOf(Props.Create(() => new RigRegistryActor()), RigRegistryActor.Name)))
            : builder.WithSingleton<RigRegistry>(RigRegistryActor.Name, Props.Create(() => new RigRegistryActor()),
                new ClusterSingletonOptions(), createProxyToo: true);
}
