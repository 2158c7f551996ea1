using System.Diagnostics;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Beads.Actors.Feed;
using Beads.Actors.Registry;
using Beads.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Beads.Tests.Support;

/// <summary>
/// A <see cref="FeedFollower"/> of one rig in a host's actor system, from the rig's first change: every entry is
/// taken the moment it arrives, stamped with <see cref="Stopwatch.GetTimestamp"/>, so a benchmark can time it.
/// </summary>
public sealed class FollowedFeed : IDisposable
{
    public sealed record Arrival(FeedEntry Entry, long At);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly ActorSystem _system;
    private readonly IActorRef _follower;
    private readonly List<Arrival> _seen = [];
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _pump;
    private string? _failure;

    private FollowedFeed(ActorSystem system, IActorRef region, IActorRef registry, string rig)
    {
        _system = system;
        var output = Channel.CreateUnbounded<FeedItem>();
        _follower = system.ActorOf(FeedFollower.Props(region, registry, rig, FeedCursor.Start, follow: true, output.Writer, TimeSpan.FromSeconds(10)));
        _pump = Task.Run(async () =>
        {
            await foreach (var item in output.Reader.ReadAllAsync())
            {
                var at = Stopwatch.GetTimestamp();
                lock (_lock)
                {
                    switch (item)
                    {
                        case FeedChange change:
                            _seen.Add(new Arrival(change.Entry, at));
                            break;
                        case FeedCaughtUp:
                            _caughtUp.TrySetResult();
                            break;
                        case FeedFailed failed:
                            _failure = failed.Reason.ToString();
                            break;
                    }
                }
            }
        });
    }

    public static async Task<FollowedFeed> Start(IHost node, string rig)
    {
        var registry = node.Services.GetRequiredService<ActorRegistry>();
        var feed = new FollowedFeed(node.Services.GetRequiredService<ActorSystem>(), await node.Region(),
            await registry.GetAsync<RigRegistry>(), rig);
        await feed._caughtUp.Task.WaitAsync(Timeout);
        return feed;
    }

    /// <summary>What has arrived so far, in order.</summary>
    public IReadOnlyList<Arrival> Seen
    {
        get
        {
            lock (_lock)
            {
                if (_failure is not null) throw new Xunit.Sdk.XunitException($"the feed failed: {_failure}");
                return [.. _seen];
            }
        }
    }

    /// <summary>Everything up to the change numbered <paramref name="seq"/>, once it has arrived.</summary>
    public async Task<IReadOnlyList<Arrival>> Until(long seq)
    {
        await Poll.Until(() => Seen is { Count: > 0 } seen && seen[^1].Entry.Seq >= seq, Timeout, $"the feed's change {seq}");
        return Seen;
    }

    /// <summary>Everything the rig had when the follow began.</summary>
    public async Task<IReadOnlyList<Arrival>> UntilCaughtUp()
    {
        await _caughtUp.Task.WaitAsync(Timeout);
        return Seen;
    }

    /// <summary>Waits until <paramref name="enough"/> holds for what has arrived.</summary>
    public Task Await(Func<IReadOnlyList<Arrival>, bool> enough, string what) => Poll.Until(() => enough(Seen), Timeout, what);

    public void Dispose() => _system.Stop(_follower);
}
