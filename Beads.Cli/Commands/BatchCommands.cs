using System.CommandLine;
using System.Text.Json.Nodes;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>batch: many changes to one rig as one request, all made or none (<see cref="BatchScript"/> reads them).</summary>
public static class BatchCommands
{
    public static IEnumerable<Command> All() => [Batch()];

    private static Command Batch()
    {
        var file = Flags.Text("--file", "Read the operations from this file instead of standard input", "-f");
        var dryRun = Flags.Switch("--dry-run", "Read the operations and list them, change nothing");
        var message = Flags.Text("--message", "Accepted for beads' scripts (its Dolt commit message): the rig journals the batch as one write", "-m");
        var command = new Command("batch", "Run many changes (close, update, create, dep add/remove; one per line) as one all-or-nothing write")
        {
            file, dryRun, message,
        };
        return command.With(async run =>
        {
            var script = run.Value(file) is { } path ? Flags.TextFromFile("--file", path) : await Console.In.ReadToEndAsync();
            var rig = await run.Rig();
            var steps = BatchScript.Parse(script, rig, run.Actor);
            if (run.Value(dryRun))
            {
                var lines = string.Join("\n", steps.Select(step => $"line {step.Line}: {step.Command.GetType().Name}"));
                run.Print(new JsonObjectOutput(new JsonObject { ["dry_run"] = true, ["operations"] = steps.Count },
                    $"{lines}{(lines.Length > 0 ? "\n" : "")}{steps.Count} operations parsed (dry-run, nothing executed)"));
                return;
            }
            var done = await run.Send<BatchResult>(new RunBatch(rig, run.Actor, steps));
            var results = new JsonArray([.. done.Steps.Select(JsonNode (step) =>
            {
                var result = new JsonObject { ["line"] = step.Line, ["op"] = step.Op };
                if (step.Target is { } target) result["target"] = target;
                return result;
            })]);
            run.Print(new JsonObjectOutput(new JsonObject { ["operations"] = done.Steps.Count, ["status"] = "ok", ["results"] = results },
                done.Steps.IsEmpty
                    ? "batch: 0 operations (no-op)"
                    : $"batch: {done.Steps.Count} operations committed\n" + string.Join("\n", done.Steps.Select(step => $"  line {step.Line}: {step.Op} {step.Target}"))));
        });
    }
}
