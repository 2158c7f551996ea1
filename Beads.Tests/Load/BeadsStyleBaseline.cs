using Akka.Actor;
using Beads.Actors.Jsonl;
using Beads.Protocol;

namespace Beads.Tests.Load;

/// <summary>
/// What beads' default did, reproduced on the same machine for a fair ratio: after every mutation, and before
/// acknowledging it, read every issue and rewrite the whole JSONL, one writer at a time (beads held a lock for it).
/// The rig under it is a Beads rig with auto-flush off, so only this rewrite touches the file.
/// </summary>
public sealed class BeadsStyleBaseline(IActorRef rig, string name, string jsonlPath)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(120);
    private readonly SemaphoreSlim _exportLock = new(1, 1);

    public async Task Create(string title, string actor)
    {
        var reply = await rig.Ask<IRigReply>(new CreateIssue(name, actor, title), AskTimeout);
        if (reply is not IssueResult) throw new InvalidOperationException($"create failed: {reply}");
        await _exportLock.WaitAsync();
        try
        {
            var all = await rig.Ask<IssueSummaries>(
                new ListIssues(name, IssueFilter.Any with { IncludeClosed = true }) { Limit = 0, Sort = IssueSorts.Id }, AskTimeout);
            AtomicFile.Write(jsonlPath, stream => JsonlWriter.WriteLines(Support.Exported.Lines(all.Issues.Select(s => s.Issue)), stream));
        }
        finally
        {
            _exportLock.Release();
        }
    }
}
