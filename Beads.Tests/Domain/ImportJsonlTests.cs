using Beads.Actors.Jsonl;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Domain;

/// <summary>bd import's chunks as the decider reads them, and bd export's pages.</summary>
public sealed class ImportJsonlTests
{
    private const string Good =
        """{"id":"bd-a1","title":"fine","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""";

    private static ImportJsonl Chunk(string lines, int firstLine = 1) => new(RigBuilder.Rig, RigBuilder.Bob, lines, firstLine);

    [Fact]
    public void Bad_lines_are_numbered_in_the_whole_file_and_stop_the_chunk_unless_skipped()
    {
        var rig = RigBuilder.Initialized();
        var lines = $"{Good}\n{{not json\n";

        var refused = Assert.IsType<ImportResult>(rig.Do(Chunk(lines, firstLine: 4001)).Reply);

        Assert.Equal([4002], refused.BadLines.Select(bad => bad.LineNumber));
        Assert.StartsWith("not valid JSON", refused.BadLines[0].Reason);
        Assert.Equal(0, refused.Created);
        Assert.Empty(rig.State.Issues);

        var skipped = Assert.IsType<ImportResult>(rig.Do(Chunk(lines, firstLine: 4001) with { SkipBadLines = true }).Reply);
        Assert.Equal(1, skipped.Created);
        Assert.Single(skipped.BadLines);
        Assert.Equal("fine", rig["bd-a1"].Title);
    }

    [Fact]
    public void A_dry_run_counts_without_deciding_to_skip_and_says_it_was_one()
    {
        var rig = RigBuilder.Initialized();

        var decided = rig.Decide(Chunk($"{Good}\n{{\"_type\":\"memory\",\"key\":\"k\"}}\n") with { DryRun = true });

        var result = Assert.IsType<ImportResult>(decided.Value.Reply(rig.State));
        Assert.True(result.DryRun);
        Assert.Equal(1, result.Created);
        Assert.Equal(1, result.OtherRecords);
    }

    [Fact]
    public void Export_pages_hold_whole_lines_in_id_order_and_chain_to_the_last_issue()
    {
        var rig = RigBuilder.Initialized();
        for (var i = 0; i < 25; i++) rig.Do(new CreateIssue(RigBuilder.Rig, RigBuilder.Alice, $"issue {i}"));

        var text = "";
        var pages = 0;
        string? after = null;
        do
        {
            var page = JsonlPages.Page(rig.State, new ExportIssues(RigBuilder.Rig, after, MaxBytes: 600));
            Assert.EndsWith("\n", page.Lines);
            Assert.Equal(25, page.TotalIssues);
            text += page.Lines;
            after = page.NextAfterId;
            pages++;
        } while (after is not null);

        Assert.True(pages > 3, $"600-byte pages of 25 issues came in {pages} pages");
        Assert.Equal(System.Text.Encoding.UTF8.GetString(Support.Exported.Jsonl(rig.State.Issues.Values)), text);
    }
}
