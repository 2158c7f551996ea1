using System.Collections.Immutable;
using Akka.Actor;

namespace Beads.Actors.Registry;

/// <summary>
/// The home node of each rig that needs one (it writes a JSONL there), as the rig registry records it, for the
/// placement of rigs. Answers from a copy of the directory, fetched when the node starts (<see cref="Prime"/>): a rig's
/// home node never changes once registered, so a rig in the copy is answered at once even when the copy is old (a new
/// copy is fetched beside it), and only a rig the copy lacks (just made) waits for the registry. That matters when the
/// oldest node dies: the sharding coordinator that places its rigs elsewhere and the registry move together, and the
/// placement must not wait for the registry to recover. When the registry cannot answer in time, a rig is placed as
/// if it had no home rather than not at all.
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
        if (_homes.TryGetValue(rig, out var home))
        {
            if (DateTime.UtcNow - _fetchedAt >= MaxAge) _ = FetchQuietly();
            return home;
        }
        await FetchQuietly();
        return _homes.GetValueOrDefault(rig);
    }

    /// <summary>
    /// Fetches the first copy, trying again every few seconds until the registry answers (it may not be up yet) or
    /// <paramref name="terminated"/> completes (the actor system stopped).
    /// </summary>
    public async Task Prime(Task terminated)
    {
        while (!terminated.IsCompleted && _fetchedAt == DateTime.MinValue)
        {
            try
            {
                await Fetch();
            }
            catch (Exception)
            {
                await Task.WhenAny(terminated, Task.Delay(AskTimeout)); // not up yet: try again
            }
        }
    }

    private async Task FetchQuietly()
    {
        try
        {
            await Fetch();
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
        {
            // placed from the copy (or as homeless) rather than not at all
        }
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
