using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Tests.Support;

/// <summary>
/// A deterministic mix of every kind of change a rig takes: creates (with labels and dependencies), field updates,
/// label changes, claims, closes, reopens, dependencies added and removed, comments, imports. Commands name issues
/// created earlier, so most are accepted; the refused ones (a claim of a taken issue, a dependency that would make a
/// cycle) are part of the mix too, since they must leave the tables alone.
/// </summary>
public sealed class MixedCommands(int seed = 4)
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, List<string>> _ids = [];
    private readonly object _lock = new();
    private int _imports;

    /// <summary>Sends <paramref name="total"/> commands spread over the rigs, <paramref name="concurrency"/> at a time.</summary>
    /// <returns>How many were accepted and how many refused.</returns>
    public async Task<(int Accepted, int Refused)> Run(
        IReadOnlyList<string> rigs, int total, int concurrency, Func<IRigCommand, Task<IRigReply>> send)
    {
        var accepted = 0;
        var refused = 0;
        var sent = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async client =>
        {
            while (Interlocked.Increment(ref sent) <= total)
            {
                var rig = rigs[(sent + client) % rigs.Count];
                var reply = await send(Next(rig, $"agent-{client % 7}"));
                if (reply is Rejected) Interlocked.Increment(ref refused);
                else Interlocked.Increment(ref accepted);
                if (reply is IssueResult { Issue: var issue }) Known(rig, issue.Id);
                if (reply is DeleteResult { Preview: false } deleted) Forget(rig, deleted.Deleted.Select(d => d.Id));
            }
        }));
        return (accepted, refused);
    }

    private void Known(string rig, string id)
    {
        lock (_lock)
        {
            if (!_ids.TryGetValue(rig, out var ids)) _ids[rig] = ids = [];
            if (!ids.Contains(id)) ids.Add(id);
        }
    }

    private void Forget(string rig, IEnumerable<string> deleted)
    {
        lock (_lock)
        {
            foreach (var id in deleted) _ids.GetValueOrDefault(rig)?.Remove(id);
        }
    }

    private IRigCommand Next(string rig, string actor)
    {
        lock (_lock)
        {
            var ids = _ids.GetValueOrDefault(rig) ?? [];
            var roll = ids.Count < 5 ? 0 : _random.Next(100);
            string Any() => ids[_random.Next(ids.Count)];
            return roll switch
            {
                < 30 => Create(rig, actor, ids),
                < 40 => new UpdateIssue(rig, actor, Any())
                {
                    Fields = ImmutableDictionary<string, string>.Empty
                        .Add("title", $"retitled {_random.Next(1000)}")
                        .Add("priority", _random.Next(5).ToString(System.Globalization.CultureInfo.InvariantCulture))
                        .Add("description", _random.Next(3) == 0 ? "" : $"now with **markdown** ✓ {_random.Next()}"),
                },
                < 47 => new UpdateIssue(rig, actor, Any()) { AddLabels = [Label()], RemoveLabels = [Label()] },
                < 55 => new ClaimIssue(rig, actor, Any()),
                < 63 => new CloseIssue(rig, actor, Any(), _random.Next(2) == 0 ? "done" : null),
                < 67 => new ReopenIssue(rig, actor, Any(), "not quite"),
                < 77 => new AddDependency(rig, actor, Any(), Any(), _random.Next(3) == 0 ? "related" : "blocks"),
                < 82 => new RemoveDependency(rig, actor, Any(), Any()),
                < 96 => new AddComment(rig, actor, Any(), $"comment {_random.Next()} — with “quotes” and a\nsecond line"),
                < 98 => new DeleteIssues(rig, actor, [Any()], Cascade: _random.Next(4) == 0, Force: true),
                _ => Import(rig, actor, Any()),
            };
        }
    }

    private CreateIssue Create(string rig, string actor, List<string> ids) => new(rig, actor, $"issue {_random.Next()} 日本語")
    {
        Description = _random.Next(2) == 0 ? "a description\nover two lines" : null,
        Priority = _random.Next(5),
        IssueType = _random.Next(4) == 0 ? "bug" : "task",
        Labels = _random.Next(3) == 0 ? [Label(), Label()] : [],
        Dependencies = ids.Count > 0 && _random.Next(3) == 0 ? [new DependencySpec("discovered-from", ids[_random.Next(ids.Count)])] : [],
        DueAt = _random.Next(5) == 0 ? new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.FromHours(-8)).AddTicks(1234567) : null,
        Metadata = _random.Next(6) == 0 ? """{"files":["a.cs"],"n":1}""" : null,
    };

    /// <summary>An import that replaces an existing issue whole: fields, labels, a comment of its own, a newer stamp.</summary>
    private ImportIssues Import(string rig, string actor, string id)
    {
        // Newer than anything the rig stamped before (imports weigh updated_at), and never far ahead of its clock,
        // where an import is refused.
        var stamp = DateTimeOffset.UtcNow.AddMilliseconds(++_imports);
        return new ImportIssues(rig, actor,
        [
            new Issue
            {
                Id = id, Title = $"imported {_imports}", Status = "open", IssueType = "task", Priority = 3,
                CreatedAt = stamp.AddDays(-1), UpdatedAt = stamp, Labels = [Label()], Notes = "from JSONL",
                Comments = [new Comment { Id = new CommentId($"c-{_imports}", false), IssueId = id, Author = "importer", Text = "kept", CreatedAt = stamp }],
            },
        ]);
    }

    private string Label() => $"label-{_random.Next(6)}";
}
