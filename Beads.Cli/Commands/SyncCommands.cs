using System.CommandLine;
using System.Text;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>export, import, sync: beads' JSONL in and out, and the sync cycle on demand.</summary>
public static class SyncCommands
{
    public static IEnumerable<Command> All() => [Export(), Import(), Sync()];

    private static Command Export()
    {
        var output = Flags.Text("--output", "Write to this file (replaced whole) instead of standard output", "-o");
        var everything = Flags.Switch("--all", "Wisps (ephemeral issues) too, which an export leaves out otherwise, as beads does");
        var command = new Command("export", "Print the rig's issues as beads' JSONL: one issue per line, in id order") { output, everything };
        return command.With(async run =>
        {
            var rig = await run.Rig();
            var path = run.Value(output);
            var page = new ExportIssues(rig) { IncludeEphemeral = run.Value(everything) };
            var written = 0;
            if (path is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await WritePages(run, page, stdout, progress: null);
                return;
            }
            try
            {
                // Replaced whole or not at all, and on disk before it replaces the old file (a crash leaves one of them).
                await AtomicFile.WriteAsync(path, async file => written = await WritePages(run, page, file, $"Exporting to {path}"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CliException.Refused("write_failed", $"cannot write {path}: {FileErrors.Reason(e)}");
            }
            run.Print(new ExportOutput(written, Path.GetFullPath(path), path));
        });
    }

    /// <summary>
    /// Asks for the export a page at a time and writes each as it comes, with a progress bar labelled
    /// <paramref name="progress"/> when there is one; the number of issues written.
    /// </summary>
    private static async Task<int> WritePages(Invocation run, ExportIssues first, Stream destination, string? progress)
    {
        var (written, after) = (0, (string?)null);
        ProgressBar? bar = null;
        try
        {
            do
            {
                var page = await run.Send<JsonlPage>(first with { AfterId = after });
                await destination.WriteAsync(Encoding.UTF8.GetBytes(page.Lines), run.Cancellation);
                written += page.Issues;
                after = page.NextAfterId;
                if (progress is not null) (bar ??= new ProgressBar(progress, page.NextAfterId is null ? 0 : page.TotalIssues)).Report(written);
            } while (after is not null);
        }
        finally
        {
            bar?.Dispose();
        }
        return written;
    }

    private static Command Import()
    {
        var file = new Argument<string?>("file")
        {
            Arity = ArgumentArity.ZeroOrOne, Description = "A beads JSONL file, such as .beads/issues.jsonl from another clone (- reads standard input)",
        };
        var input = Flags.Text("--input", "The file, as beads' older -i/--input gave it", "-i");
        var dryRun = Flags.Switch("--dry-run", "Count what the import would do without changing anything");
        var skip = Flags.Switch("--skip-bad-lines", "Import the lines that can be read even when others cannot");
        var rename = Flags.Switch("--rename-on-import", "Move issues of another id prefix under this rig's (their edges follow) instead of refusing them");
        var command = new Command("import", "Import beads' JSONL: new issues are created, an issue's newer updated_at wins, tombstones are kept")
        {
            file, input, dryRun, skip, rename,
        };
        return command.With(async run =>
        {
            if (run.Value(file) is not null && run.Value(input) is not null)
                throw CliException.Usage("use either --input or a positional file, not both");
            var path = run.Value(file) ?? run.Value(input)
                       ?? throw CliException.Usage("name the file to import: bd import .beads/issues.jsonl (- reads standard input)");
            byte[] content;
            try
            {
                content = path == "-" ? await ReadAll(Console.OpenStandardInput(), run.Cancellation) : await File.ReadAllBytesAsync(path, run.Cancellation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CliException.Refused("file_unreadable", $"cannot read {path}: {FileErrors.Reason(e)}");
            }
            var rig = await run.Rig();
            var chunks = JsonlChunks.Of(content);
            var (skipBad, dry, renamed) = (run.Value(skip), run.Value(dryRun), run.Value(rename));
            // A first pass only reads and counts, so that a bad line anywhere stops the import before anything changed;
            // with --skip-bad-lines it is needed only as the dry run itself.
            var check = !skipBad || dry ? await ImportPass(run, rig, chunks, $"Checking {path}", dryRun: true, renamed, content.Length) : null;
            if (check is { BadLines.IsEmpty: false } && !skipBad) throw BadLines(path, check.BadLines);
            var result = dry ? check! : await ImportPass(run, rig, chunks, $"Importing {path}", dryRun: false, renamed, content.Length);
            // The first pass sees one piece at a time, so a cycle whose edges lie in different pieces shows only now.
            if (!skipBad && !dry && !result.BadLines.IsEmpty)
                throw CliException.Refused("bad_lines",
                    $"{Listed(result.BadLines)}\nThese lines were refused as they were imported (their edges close a cycle with lines " +
                    $"imported before them); the other lines were imported ({result.Created} created, {result.Updated} updated)");
            run.Print(ImportOutput.Of(path, result));
        });
    }

    private static async Task<ImportResult> ImportPass(Invocation run, string rig, List<JsonlChunk> chunks, string label,
        bool dryRun, bool renamePrefix, long total)
    {
        var sum = new ImportResult(0, 0, 0, []) { DryRun = dryRun };
        using var bar = new ProgressBar(label, chunks.Count > 1 ? total : 0);
        foreach (var chunk in chunks)
        {
            if (run.Cancellation.IsCancellationRequested && !dryRun) throw StoppedImport(chunk, sum);
            ImportResult part;
            try
            {
                part = await run.Send<ImportResult>(new ImportJsonl(rig, run.Actor, chunk.Text, chunk.FirstLine)
                {
                    DryRun = dryRun, SkipBadLines = true, ElsewhereInFile = [.. chunk.ElsewhereInFile], RenamePrefix = renamePrefix,
                });
            }
            catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested && !dryRun)
            {
                throw StoppedImport(chunk, sum, lastMayHaveLanded: true);
            }
            sum = new ImportResult(sum.Created + part.Created, sum.Updated + part.Updated, sum.Unchanged + part.Unchanged,
                sum.SkippedIds.AddRange(part.SkippedIds))
            {
                BadLines = sum.BadLines.AddRange(part.BadLines), OtherRecords = sum.OtherRecords + part.OtherRecords, DryRun = dryRun,
            };
            bar.Report(chunk.End);
        }
        return sum;
    }

    /// <summary>Ctrl-C during an import: how far it got, and that running it again finishes it (a line imported twice is unchanged).</summary>
    private static CliException StoppedImport(JsonlChunk next, ImportResult sofar, bool lastMayHaveLanded = false) =>
        CliException.Interrupted(
            $"import stopped at line {next.FirstLine}: the lines before it were imported ({sofar.Created} created, {sofar.Updated} updated)" +
            (lastMayHaveLanded ? $", and the piece from line {next.FirstLine} may or may not have been" : "") +
            "; run the same import again to finish it (lines already imported are unchanged)");

    private static CliException BadLines(string path, IReadOnlyList<BadJsonlLine> bad)
    {
        return CliException.Refused("bad_lines",
            $"{bad.Count} line{(bad.Count == 1 ? "" : "s")} of {path} cannot be imported, so nothing was imported:\n{Listed(bad)}\n" +
            "Fix them, or pass --skip-bad-lines to import the other lines");
    }

    private static string Listed(IReadOnlyList<BadJsonlLine> bad)
    {
        const int shown = 20;
        var lines = string.Join("\n", bad.Take(shown).Select(b => $"  line {b.LineNumber}: {b.Reason}"));
        return bad.Count > shown ? $"{lines}\n  ... and {bad.Count - shown} more" : lines;
    }

    private static Command Sync()
    {
        var flushOnly = Flags.Switch("--flush-only", "Only write .beads/issues.jsonl now: no commit, no push");
        var command = new Command("sync", "Write .beads/issues.jsonl now, then commit and push it as sync.mode says (git, Dolt)") { flushOnly };
        return command.With(async run =>
        {
            var result = await run.Send<SyncResult>(new SyncRig(await run.Rig(), run.Value(flushOnly)));
            run.Print(SyncOutput.Of(result));
            return result.Error is { } failed
                ? ErrorReport.Print(CliException.Refused("sync_failed", $"the sync did not complete: {failed}"), run.Json)
                : ExitCodes.Ok;
        });
    }

    private static async Task<byte[]> ReadAll(Stream stream, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellation);
        return buffer.ToArray();
    }
}
