using System.Collections.Immutable;
using System.CommandLine;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>dep, label and comments: what ties issues together and what is said about them.</summary>
public static class LinkCommands
{
    public static IEnumerable<Command> All() => [Dep(), Label(), Comments(), Comment(), Note()];

    private static readonly Argument<string> Issue = new("issue") { Description = "The issue that depends" };
    private static readonly Argument<string> DependsOn = new("depends-on") { Description = "The issue it depends on" };
    private static readonly Argument<string> Id = new("id") { Description = "Issue id" };

    private static Command Dep()
    {
        var type = new Option<string>("--type", "-t") { Description = "Edge type (blocks, parent-child, related, discovered-from, ...)", DefaultValueFactory = _ => "blocks" };
        var add = new Command("add", "Make <issue> depend on <depends-on>") { Issue, DependsOn, type }.With(async run =>
        {
            var (issue, dependsOn) = (run.Value(Issue)!, run.Value(DependsOn)!);
            var rig = await run.Rig([issue]);
            var (target, otherRig) = await CrossRigLinks.Target(run, rig, dependsOn, holderWanted: true);
            var changed = (await run.Send<IssueResult>(new AddDependency(rig, run.Actor, issue, target, run.Value(type)!) { OtherRig = otherRig })).Issue;
            var edge = changed.Dependencies.Last(d => d.IssueId == changed.Id);
            PrintEdge(run, changed.Id, edge.DependsOnId, "added", edge.Type);
        });
        var remove = new Command("remove", "Remove the edge from <issue> to <depends-on>") { Issue, DependsOn }.With(async run =>
        {
            var (issue, dependsOn) = (run.Value(Issue)!, run.Value(DependsOn)!);
            var rig = await run.Rig([issue]);
            var (target, _) = await CrossRigLinks.Target(run, rig, dependsOn, holderWanted: false);
            var changed = (await run.Send<IssueResult>(new RemoveDependency(rig, run.Actor, issue, target))).Issue;
            PrintEdge(run, changed.Id, dependsOn, "removed", null);
        });
        var reverse = Flags.Switch("--reverse", "What depends on the issue, instead of what it depends on");
        var direction = new Option<string>("--direction")
        {
            Description = "down: what it depends on (the default); up: what depends on it", DefaultValueFactory = _ => "down",
        };
        direction.AcceptOnlyFromAmong("down", "up");
        var edgeType = Flags.Text("--type", "Only edges of this type (blocks, parent-child, tracks, ...)", "-t");
        var list = new Command("list", "What an issue depends on (or, with --direction=up, what depends on it)")
        {
            Id, direction, edgeType, reverse,
        }.With(async run =>
        {
            var id = run.Value(Id)!;
            var up = run.Value(reverse) || run.Value(direction) == "up";
            var details = up ? await Details(run, id) : await CrossRigLinks.WithIssuesElsewhere(run, await Details(run, id));
            var related = (up ? details.Dependents : details.Dependencies)
                .Where(r => run.Value(edgeType) is not { } wanted || r.DependencyType == wanted).ToList();
            run.Print(new ListOutput<RelatedIssue>(related, BeadsJson.Related, (text, all) =>
            {
                if (all.Count == 0) text.WriteLine(up ? "Nothing depends on it" : "It depends on nothing");
                foreach (var r in all)
                    text.WriteLine($"{Terminal.Bold(r.Issue.Id)} [{r.DependencyType}] {Terminal.Status(r.Issue.Status)} {r.Issue.Title}");
            }));
        });
        var maxDepth = new Option<int>("--max-depth") { Description = "How deep to go", DefaultValueFactory = _ => 50 };
        var tree = new Command("tree", "The dependency tree below an issue (or, with --reverse, above it)") { Id, reverse, maxDepth }.With(async run =>
        {
            var id = run.Value(Id)!;
            var query = new GetDependencyTree(await run.Rig([id]), id) { Reverse = run.Value(reverse), MaxDepth = run.Value(maxDepth) };
            var nodes = (await run.Send<DependencyTreeResult>(query)).Nodes;
            run.Print(new ListOutput<TreeNode>(nodes, BeadsJson.TreeNode, (text, all) =>
            {
                foreach (var node in all)
                {
                    var edge = node.DependencyType is { } t ? $"[{t}] " : "";
                    text.WriteLine($"{new string(' ', node.Depth * 2)}{(node.Depth > 0 ? "└─ " : "")}{edge}{Terminal.Bold(node.Issue.Id)} {Terminal.Status(node.Issue.Status)} {node.Issue.Title}");
                }
            }));
        });
        var cycles = new Command("cycles", "Loops among blocking and parent-child edges").With(async run =>
        {
            var found = (await run.Send<CyclesResult>(new FindCycles(await run.Rig()))).Cycles;
            run.Print(new ListOutput<ImmutableList<string>>(found, (writer, cycle) => BeadsJson.StringArray(writer, cycle), (text, all) =>
            {
                if (all.Count == 0) text.WriteLine($"{Terminal.Green("✓")} No dependency cycles");
                foreach (var cycle in all) text.WriteLine(string.Join(" → ", cycle.Append(cycle[0])));
            }));
        });
        return new Command("dep", "Dependencies between issues") { add, remove, list, tree, cycles };
    }

    /// <summary>One issue with its relations, from the rig its id leads to.</summary>
    private static async Task<IssueDetails> Details(Invocation run, string id) =>
        (await run.Send<IssueDetailsResult>(new ShowIssues(await run.Rig([id]), [id]))).Issues[0];

    private static void PrintEdge(Invocation run, string issue, string dependsOn, string status, string? type) =>
        run.Print(new EdgeOutput(dependsOn, issue, BeadsJson.SchemaVersion, status, type));

    private static Command Label()
    {
        var arguments = new Argument<string[]>("ids-and-label") { Arity = ArgumentArity.OneOrMore, Description = "Issue ids, then the label" };
        var add = new Command("add", "Add a label: bd label add <id...> <label>") { arguments }.With(run => Relabel(run, arguments, "added"));
        var remove = new Command("remove", "Remove a label: bd label remove <id...> <label>") { arguments }.With(run => Relabel(run, arguments, "removed"));
        var list = new Command("list", "An issue's labels") { Id }.With(async run =>
        {
            var id = run.Value(Id)!;
            var labels = (await Details(run, id)).Issue.Labels;
            run.Print(new ListOutput<string>(labels, (writer, label) => writer.WriteStringValue(label), (text, all) =>
            {
                foreach (var label in all) text.WriteLine(label);
            }));
        });
        var listAll = new Command("list-all", "Every label in use, with how many issues carry it").With(async run =>
        {
            var labels = (await run.Send<LabelCountsResult>(new GetLabels(await run.Rig()))).Labels;
            run.Print(new LabelCountsOutput([.. labels.Select(l => new LabelCountOutput(l.Label, l.Count))]));
        });
        return new Command("label", "Labels on issues") { add, remove, list, listAll };
    }

    private static async Task<int> Relabel(Invocation run, Argument<string[]> arguments, string status)
    {
        var values = run.Value(arguments)!;
        if (values.Length < 2) throw CliException.Usage($"give at least one issue id and then the label: bd label {(status == "added" ? "add" : "remove")} bd-a1b2 backend");
        var (ids, label) = (values[..^1], values[^1]);
        var rig = await run.Rig(ids);
        var done = new List<string>();
        foreach (var id in ids)
        {
            var update = new UpdateIssue(rig, run.Actor, id)
            {
                AddLabels = status == "added" ? [label] : [],
                RemoveLabels = status == "removed" ? [label] : [],
            };
            done.Add((await run.Send<IssueResult>(update)).Issue.Id);
        }
        run.Print(new LabelChangesOutput([.. done.Select(id => new LabelChangeOutput(id, label, status))]));
        return ExitCodes.Ok;
    }

    private static Command Comments()
    {
        var optionalId = new Argument<string?>("id") { Arity = ArgumentArity.ZeroOrOne, Description = "Issue id" };
        var text = new Argument<string>("text") { Description = "The comment (- reads standard input)" };
        var author = Flags.Text("--author", "Who wrote it (default: the actor)", "-a");
        var add = new Command("add", "Comment on an issue") { Id, text, author }.With(async run =>
            await AddComment(run, run.Value(Id)!, Flags.TextOrStdin(run.Value(text))!, run.Value(author)));
        var command = new Command("comments", "An issue's comments; `comments add` adds one") { optionalId, add };
        return command.With(async run =>
        {
            var id = run.Value(optionalId) ?? throw CliException.Usage("give an issue id: bd comments bd-a1b2, or bd comments add bd-a1b2 \"text\"");
            var comments = (await Details(run, id)).Issue.Comments;
            run.Print(new ListOutput<Comment>(comments, IssueJsonWriter.WriteComment, (text, all) =>
            {
                if (all.Count == 0) text.WriteLine("No comments");
                foreach (var c in all) text.WriteLine($"[{c.Author} at {RfcTimestamp.Format(c.CreatedAt)}]\n{c.Text}\n");
            }));
        });
    }

    private static async Task AddComment(Invocation run, string id, string body, string? author = null)
    {
        if (string.IsNullOrWhiteSpace(body)) throw CliException.Usage("comment text cannot be empty");
        var comment = (await run.Send<CommentResult>(new AddComment(await run.Rig([id]), author ?? run.Actor, id, body))).Comment;
        run.Print(new CommentAddedOutput(comment));
    }

    /// <summary>The text of <c>bd comment</c> and <c>bd note</c>: the words after the id, --file, or --stdin.</summary>
    private static string TextOf(Invocation run, Argument<string[]> words, Option<string?> file, Option<bool> stdin, string what)
    {
        if (run.Value(file) is not null && run.Value(stdin)) throw CliException.Usage("give --file or --stdin, not both");
        var text = run.Value(file) is { } path ? Flags.TextFromFile("--file", path)
            : run.Value(stdin) ? Console.In.ReadToEnd().TrimEnd('\n')
            : string.Join(' ', run.Value(words) ?? []);
        return text.Length > 0 ? text : throw CliException.Usage($"no {what} text provided (use positional args, --stdin, or --file)");
    }

    /// <summary>beads' <c>bd comment &lt;id&gt; &lt;text...&gt;</c>.</summary>
    private static Command Comment()
    {
        var (words, file, stdin, author) = TextFlags();
        var command = new Command("comment", "Comment on an issue: bd comment <id> <text...>") { Id, words, file, stdin, author };
        return command.With(async run => await AddComment(run, run.Value(Id)!, TextOf(run, words, file, stdin, "comment"), run.Value(author)));
    }

    /// <summary>beads' <c>bd note &lt;id&gt; &lt;text...&gt;</c>: a line added to the issue's notes.</summary>
    private static Command Note()
    {
        var (words, file, stdin, _) = TextFlags();
        var command = new Command("note", "Add a line to an issue's notes: bd note <id> <text...>") { Id, words, file, stdin };
        return command.With(async run =>
        {
            var id = run.Value(Id)!;
            var note = new UpdateIssue(await run.Rig([id]), run.Actor, id) { AppendNotes = TextOf(run, words, file, stdin, "note") };
            var issue = (await run.Send<IssueResult>(note)).Issue;
            run.Print(new ListOutput<Issue>([issue], BeadsJson.Issue,
                (text, _) => text.WriteLine($"{Terminal.Green("✓")} Note added to {issue.Id}")));
        });
    }

    private static (Argument<string[]> Words, Option<string?> File, Option<bool> Stdin, Option<string?> Author) TextFlags() =>
    (
        new Argument<string[]>("text") { Arity = ArgumentArity.ZeroOrMore, Description = "The text (its words, joined by spaces)" },
        Flags.Text("--file", "Read the text from this file (- reads standard input)"),
        Flags.Switch("--stdin", "Read the text from standard input"),
        Flags.Text("--author", "Who wrote it (default: the actor)", "-a")
    );
}
