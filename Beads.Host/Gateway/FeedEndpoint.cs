using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Beads.Actors.Domain;
using Beads.Actors.Feed;
using Beads.Actors.Registry;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Microsoft.AspNetCore.Http;

namespace Beads.Host.Gateway;

/// <summary>
/// GET /v1/feed: a rig's change feed, or every rig's, as Server-Sent Events. Each change is an event of type
/// <c>change</c> whose data is the <see cref="FeedEntry"/> and whose id is the <see cref="FeedCursor"/> after it, so a
/// client that reconnects with Last-Event-ID resumes exactly; <c>caught-up</c> says that what follows is new; a feed
/// that cannot go on ends with <c>error</c> (a problem, such as <c>feed_gap</c>). A refusal known before anything is
/// sent (a bad parameter, no such rig, a gap at the start) is a plain problem response instead.
/// </summary>
public sealed class FeedEndpoint(ActorRegistry actors, ActorSystem system, GatewayOptions options)
{
    public const string ChangeEvent = "change";
    public const string CaughtUpEvent = "caught-up";
    public const string ErrorEvent = "error";

    public async Task<IResult> Serve(HttpRequest request, CancellationToken cancellation)
    {
        if (Parameters(request, out var problem) is not var (rig, cursor, follow)) return problem!;
        var output = Channel.CreateUnbounded<FeedItem>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var region = await actors.GetAsync<RigRegion>(cancellation);
        var registry = await actors.GetAsync<RigRegistry>(cancellation);
        var follower = system.ActorOf(FeedFollower.Props(region, registry, rig, cursor, follow, output.Writer, options.AskTimeout));
        try
        {
            // The first item decides the response: a refusal before anything was sent is a problem with its status.
            if (!await output.Reader.WaitToReadAsync(cancellation))
                return Problems.Problem(Problems.Timeout, "the feed ended before it began: retry");
            output.Reader.TryPeek(out var first);
            if (first is FeedFailed failed)
            {
                system.Stop(follower);
                return Problems.From(failed.Reason);
            }
            return TypedResults.ServerSentEvents(Events(output.Reader, follower, oneRig: rig is not null, cancellation));
        }
        catch
        {
            system.Stop(follower);
            throw;
        }
    }

    private async IAsyncEnumerable<SseItem<string>> Events(ChannelReader<FeedItem> items, IActorRef follower, bool oneRig,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        try
        {
            await foreach (var item in items.ReadAllAsync(cancellation))
            {
                yield return item switch
                {
                    FeedChange change => new SseItem<string>(JsonSerializer.Serialize(change.Entry, GatewayJson.Options), ChangeEvent)
                    {
                        EventId = change.Cursor.Format(oneRig),
                    },
                    FeedCaughtUp caughtUp => new SseItem<string>(
                        JsonSerializer.Serialize(new Dictionary<string, string> { ["cursor"] = caughtUp.Cursor.Format(oneRig) }), CaughtUpEvent),
                    FeedFailed failed => new SseItem<string>(JsonSerializer.Serialize(
                        new ProblemReply(failed.Reason.Code, 0, failed.Reason.Message, failed.Reason.Code), GatewayJson.Options), ErrorEvent),
                    _ => throw new InvalidOperationException($"unknown feed item {item.GetType().Name}"),
                };
            }
        }
        finally
        {
            // The client went away, or the feed ended: the follower stops, and the rigs forget it.
            system.Stop(follower);
        }
    }

    /// <summary>The rig (null for every rig), where to start and whether to stay; null with the problem when they are wrong.</summary>
    private static (string? Rig, FeedCursor Cursor, bool Follow)? Parameters(HttpRequest request, out IResult? problem)
    {
        problem = null;
        var query = request.Query;
        var rig = query["rig"].ToString();
        var all = query["all"].ToString() is "true" or "1";
        if (all == (rig.Length > 0))
        {
            problem = Problems.Problem(ErrorCodes.InvalidArgument, "name one rig (?rig=NAME) or every rig (?all=true), not both or neither");
            return null;
        }
        if (!all && !RigNames.IsValid(rig))
        {
            problem = Problems.Problem(ErrorCodes.InvalidArgument, RigNames.Invalid(rig));
            return null;
        }
        var follow = query["follow"].ToString() is "true" or "1";
        // A reconnecting EventSource sends the last id it saw; it wins over the since it was first opened with.
        var since = request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } lastId ? lastId : query["since"].ToString();
        var cursor = FeedCursor.Start;
        if (since.Length > 0)
        {
            if (FeedCursor.Parse(since, out var bad) is not { } parsed)
            {
                problem = Problems.Problem(ErrorCodes.InvalidArgument, bad!);
                return null;
            }
            cursor = parsed;
        }
        return (all ? null : rig, cursor, follow);
    }
}
