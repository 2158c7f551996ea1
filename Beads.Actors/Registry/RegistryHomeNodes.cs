using System.Collections.Immutable;
using Akka.Actor;

namespace Beads.Actors.Registry;

/// <summary>
/// The home node of each rig that needs one (it writes a JSONL there), as the rig registry records it, for the
/// placement of rigs. Answers from a copy of the
/// directory and asks the registry again when a rig is not in it yet (it was just made) or the copy is old. When the
/// registry cannot answer in time (it is moving with its singleton), a rig is placed as if it had no home rather
/// than not at all.
/// </summary>
public sealed class RegistryHomeNodes(Func<Task<IActorRef>> registry)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    private ImmutableDictionary<string, string?> _homes = ImmutableDictionary<string, string?>.Empty;
    private DateTime _fetchedAt = DateTime.MinValue;

    /// <summary>The listing being fetched: the coordinator places many rigs at once, and they share one question.</summary>
    private Task? _fetching;
    private readonly Lock _gate = new();

    public async Task<string?> HomeNodeOf(string rig)
    {
        if (_homes.TryGetValue(rig, out var home) && DateTime.UtcNow - _fetchedAt < MaxAge) return home;
        try
        {
            await Fetch();
        }
        catch (AskTimeoutException)
        {
            // placed from the copy (or as homeless) rather than not at all
        }
        return _homes.GetValueOrDefault(rig);
    }

    private Task Fetch()
    {
        lock (_gate)
        {
            if (_fetching is not { IsCompleted: false }) _fetching = FetchNow();
            return _fetching;
        }
    }

    private async Task FetchNow()
    {
        var listing = await (await registry()).Ask<RigListing>(ListRigs.Instance, AskTimeout);
        _homes = listing.Rigs.ToImmutableDictionary(entry => entry.Name, entry => entry.HomeRequired ? entry.HomeNode : null);
        _fetchedAt = DateTime.UtcNow;
    }
}
