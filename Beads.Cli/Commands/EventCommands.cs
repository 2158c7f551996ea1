using System.CommandLine;
using System.Text.Json;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>events tail: a rig's change feed, or every rig's, from a position, and with --follow as it happens.</summary>
public static class EventCommands
{
    public static IEnumerable<Command> All() => [Events()];

    private const string ChangeEvent = "change";
    private const string ErrorEvent = "error";

    private static Command Events()
    {
        var since = new Option<string>("--since") { Description = "Changes after this position: a sequence number (42), or rig:seq pairs with --all (api:42,web:7)" };
        var follow = Flags.Switch("--follow", "Keep printing new changes as they are committed, until interrupted", "-f");
        var all = Flags.Switch("--all", "Every rig of the cluster, each in its own order (not with --rig)");
        var tail = new Command("tail", "Print committed changes as they are numbered in the rig's journal: sequence, time, actor, what changed and the issue after it")
        {
            since, follow, all,
        };
        tail.With(async run =>
        {
            if (run.Value(all) && run.Given(GlobalOptions.Rig))
                throw CliException.Usage("give --rig NAME for one rig or --all for every rig, not both");
            var cursor = FeedCursor.Start;
            if (run.Value(since) is { } position)
                cursor = FeedCursor.Parse(position, out var problem) ?? throw CliException.Usage($"--since: {problem}");
            var rig = run.Value(all) ? null : await run.Rig();
            var path = $"{GatewayRoutes.Feed}?{(rig is null ? "all=true" : $"rig={Uri.EscapeDataString(rig)}")}" +
                       $"&since={Uri.EscapeDataString(cursor.Format(oneRig: rig is not null))}&follow={(run.Value(follow) ? "true" : "false")}";
            var client = await run.Client();
            string? lastId = null;
            while (true)
            {
                try
                {
                    await foreach (var item in client.Events(path, lastId, run.Cancellation))
                    {
                        if (item.EventType == ErrorEvent)
                        {
                            var failure = JsonSerializer.Deserialize(item.Data, ProtocolJson.Info<ProblemReply>())!;
                            throw failure.Code is ErrorCodes.StorageUnavailable or ErrorCodes.RigUnavailable
                                ? CliException.Unreachable(failure.Detail)
                                : CliException.Refused(failure.Code, failure.Detail);
                        }
                        if (item.EventType != ChangeEvent) continue;
                        run.PrintPlain(run.Json ? item.Data : Line(JsonSerializer.Deserialize(item.Data, ProtocolJson.Info<FeedEntry>())!, rig is null));
                        lastId = item.EventId;
                    }
                    return;
                }
                catch (Exception broken) when (run.Value(follow) && broken is IOException or HttpRequestException && !run.Cancellation.IsCancellationRequested)
                {
                    // The host went away mid-stream: a follower resumes where it was, through whichever node answers.
                    run.Note($"(the feed broke off: {broken.Message}; resuming)");
                    await Task.Delay(TimeSpan.FromSeconds(1), run.Cancellation);
                }
            }
        });
        return new Command("events", "The change feed: every committed change of a rig, numbered, resumable") { tail };
    }

    private static string Line(FeedEntry entry, bool withRig)
    {
        var what = entry.IssueId is null ? entry.Kind : $"{entry.Kind} {Terminal.Bold(entry.IssueId)}";
        var title = entry.Issue is { } issue ? $" — {issue.Title}" : "";
        var rig = withRig ? $"{entry.Rig}:" : "#";
        return $"{Terminal.Dim($"{rig}{entry.Seq}")}  {RfcTimestamp.Format(entry.At)}  {entry.Actor}  {what}{title}";
    }
}
