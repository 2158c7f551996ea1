using System.Text.Json;
using Beads.Actors.Domain;
using Beads.Actors.Jsonl;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class ImportTests
{
    /// <summary>When the imported issues were last changed: long before the rig's clock starts.</summary>
    private static readonly DateTimeOffset Then = new(2025, 11, 2, 21, 58, 7, TimeSpan.FromHours(-8));

    private static Issue Incoming(string id, string title = "imported", DateTimeOffset? updated = null, string status = "open",
        string type = "task", params Dependency[] dependencies) => new()
    {
        Id = id, Title = title, Status = status, IssueType = type, CreatedAt = Then, UpdatedAt = updated ?? Then,
        Dependencies = [.. dependencies],
    };

    private static Dependency Edge(string from, string to, string type = "blocks") =>
        new() { IssueId = from, DependsOnId = to, Type = type, CreatedAt = Then, Metadata = "{}" };

    private static ImportResult Import(RigBuilder rig, params Issue[] issues) =>
        Assert.IsType<ImportResult>(rig.Do(new ImportIssues(RigBuilder.Rig, Bob, [.. issues])).Reply);

    private static string Line(Issue issue) => System.Text.Encoding.UTF8.GetString(JsonlWriter.Serialize(issue).Utf8.Span);

    private static IEnumerable<string> ReadyIds(RigBuilder rig) =>
        IssueQueries.Ready(rig.State, new GetReadyWork(RigBuilder.Rig, IssueFilter.Any), rig.Now).Value.Select(i => i.Id);

    /// <summary>The indexes kept up to date event by event equal the ones rebuilt from the issues alone.</summary>
    private static void AssertIndexesMatchARebuild(RigState state)
    {
        var rebuilt = RigState.Restore(state.ToSnapshot());
        static IEnumerable<(string, string)> Flat(RigState s) =>
            s.Dependents.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => (kv.Key, string.Join(",", kv.Value.Order(StringComparer.Ordinal))));
        Assert.Equal(Flat(rebuilt), Flat(state));
        Assert.Equal(rebuilt.TopLevelIssueCount, state.TopLevelIssueCount);
        Assert.Equal(rebuilt.LastChildNumber.OrderBy(kv => kv.Key), state.LastChildNumber.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Issues_new_to_the_rig_are_created_exactly_as_given_one_event_each()
    {
        var rig = Initialized();
        var hooked = Incoming("bd-a1", status: "hooked", type: "merge-request") with
        {
            Labels = ["ops"],
            Comments = [new Comment { Id = CommentId.FromNumber(4), IssueId = "bd-a1", Author = "x", Text = "hi", CreatedAt = Then }],
            Extra = new Dictionary<string, JsonElement> { ["ephemeral"] = JsonDocument.Parse("true").RootElement.Clone() },
        };
        var tombstone = Incoming("bd-b2", status: "tombstone", dependencies: Edge("bd-b2", "bd-a1"));
        var at = rig.Now;

        var applied = rig.Do(new ImportIssues(RigBuilder.Rig, Bob, [hooked, tombstone]));

        var result = Assert.IsType<ImportResult>(applied.Reply);
        Assert.Equal((2, 0, 0, 0), (result.Created, result.Updated, result.Unchanged, result.Skipped));
        Assert.All(applied.Events, e => Assert.Equal((at, Bob), (e.At, e.Actor)));
        Assert.Equal([hooked.Id, tombstone.Id], applied.Events.Cast<IssueImported>().Select(e => e.Issue.Id));
        Assert.Equal(Line(hooked), Line(rig[hooked.Id]));
        Assert.Equal(Line(tombstone), Line(rig[tombstone.Id]));
        Assert.Equal(Then, rig[hooked.Id].UpdatedAt);
        Assert.Equal([tombstone.Id], rig.State.Dependents[hooked.Id]);
        AssertIndexesMatchARebuild(rig.State);
    }

    [Fact]
    public void A_newer_copy_replaces_the_rigs_an_older_or_conflicting_one_is_skipped_the_same_one_is_unchanged()
    {
        var rig = Initialized();
        Import(rig, Incoming("bd-a1", "first"));

        Assert.Equal((0, 1, 0), Counts(Import(rig, Incoming("bd-a1", "newer", Then.AddHours(1)))));
        Assert.Equal("newer", rig["bd-a1"].Title);

        var older = Import(rig, Incoming("bd-a1", "older", Then.AddMinutes(30)));
        var sameTimeOtherTitle = Import(rig, Incoming("bd-a1", "conflict", Then.AddHours(1)));
        var same = Import(rig, Incoming("bd-a1", "newer", Then.AddHours(1)));

        Assert.Equal(["bd-a1"], older.SkippedIds);
        Assert.Equal(["bd-a1"], sameTimeOtherTitle.SkippedIds);
        Assert.Equal((0, 0, 1), Counts(same));
        Assert.Empty(same.SkippedIds);
        Assert.Equal("newer", rig["bd-a1"].Title);
    }

    [Fact]
    public void Work_done_here_after_the_export_wins_over_the_export()
    {
        var rig = Initialized();
        var issue = rig.Create("local");
        var exported = rig[issue.Id];
        rig.Update(issue.Id, "title", "renamed here");

        var result = Import(rig, exported);

        Assert.Equal([issue.Id], result.SkippedIds);
        Assert.Equal("renamed here", rig[issue.Id].Title);
    }

    [Fact]
    public void An_edit_made_here_survives_the_return_of_a_line_stamped_in_the_future()
    {
        // A rig that took a 2099 line before imports refused them.
        var future = Incoming("bd-f1", "from 2099", updated: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var rig = Initialized().Took(new IssueImported(future, Then, Bob));

        rig.Update("bd-f1", "title", "edited here");

        // updated_at never goes back, and the old line (a git pull) is refused now, so it cannot undo the edit.
        Assert.Equal(future.UpdatedAt, rig["bd-f1"].UpdatedAt);
        var refusal = rig.Refuse(new ImportIssues(RigBuilder.Rig, Bob, [future]), ErrorCodes.InvalidArgument);
        Assert.Contains("in the future of this host's clock", refusal.Message);
        Assert.Equal("edited here", rig["bd-f1"].Title);
    }

    [Theory]
    [InlineData("../../etc/x", "is not a valid id")]
    [InlineData("other-a1", "does not have this rig's prefix 'bd-'")]
    [InlineData("bd-a1.1.2.3.4", "nested 4 levels deep")]
    public void An_id_no_command_could_make_is_refused(string id, string reason)
    {
        var refusal = Initialized().Refuse(new ImportIssues(RigBuilder.Rig, Bob, [Incoming(id)]), ErrorCodes.InvalidArgument);

        Assert.Contains(reason, refusal.Message);
        Assert.EndsWith("nothing was imported", refusal.Message);
    }

    [Fact]
    public void Rename_on_import_moves_ids_and_edge_ends_under_the_rigs_prefix_and_keeps_them_apart()
    {
        var rig = Initialized();
        var result = Assert.IsType<ImportResult>(rig.Do(new ImportIssues(RigBuilder.Rig, Bob,
        [
            Incoming("up-a1"), Incoming("up-beads-crew-dave"), Incoming("up-crew-dave"),
            Incoming("up-a1.1", dependencies: [Edge("up-a1.1", "up-a1", "parent-child"), Edge("up-a1.1", "external:other:cap")]),
        ]) { RenamePrefix = true }).Reply);

        Assert.Equal(4, result.Created);
        Assert.Equal(["bd-a1", "bd-a1.1", "bd-beads-crew-dave", "bd-crew-dave"], rig.State.Issues.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["bd-a1", "external:other:cap"], rig["bd-a1.1"].Dependencies.Select(d => d.DependsOnId));
        Assert.All(rig["bd-a1.1"].Dependencies, d => Assert.Equal("bd-a1.1", d.IssueId));
    }

    [Fact]
    public void A_priority_out_of_range_and_a_stamp_far_ahead_of_the_clock_are_refused()
    {
        var rig = Initialized();

        Assert.Contains("invalid priority 99",
            rig.Refuse(new ImportIssues(RigBuilder.Rig, Bob, [Incoming("bd-p1") with { Priority = 99 }]), ErrorCodes.InvalidArgument).Message);
        Assert.Contains("in the future",
            rig.Refuse(new ImportIssues(RigBuilder.Rig, Bob, [Incoming("bd-p2", updated: rig.Now.AddHours(2))]), ErrorCodes.InvalidArgument).Message);
        Import(rig, Incoming("bd-p3", updated: rig.Now.AddMinutes(5))); // another machine's clock a little fast
    }

    [Fact]
    public void Edges_must_be_the_issues_own_point_at_another_issue_and_never_close_a_loop()
    {
        var rig = Initialized();
        Import(rig, Incoming("bd-a"), Incoming("bd-b", dependencies: Edge("bd-b", "bd-a")));

        string Refused(params Issue[] issues) => rig.Refuse(new ImportIssues(RigBuilder.Rig, Bob, [.. issues]), ErrorCodes.InvalidArgument).Message;
        Assert.Contains("lists an edge of another issue (bd-a → bd-b)", Refused(Incoming("bd-c", dependencies: Edge("bd-a", "bd-b"))));
        Assert.Contains("bd-c cannot depend on itself", Refused(Incoming("bd-c", dependencies: Edge("bd-c", "bd-c", "parent-child"))));
        Assert.Contains("depends on bd-zz (blocks), which is neither in this rig nor in the file", Refused(Incoming("bd-c", dependencies: Edge("bd-c", "bd-zz"))));
        Assert.Contains("would close a cycle", Refused(Incoming("bd-a", updated: Then.AddHours(1), dependencies: Edge("bd-a", "bd-b"))));
        Assert.Contains("would close a cycle", Refused(
            Incoming("bd-x", dependencies: Edge("bd-x", "bd-y")), Incoming("bd-y", dependencies: Edge("bd-y", "bd-x", "parent-child"))));
        Assert.DoesNotContain(rig.State.Issues.Keys, id => id is "bd-c" or "bd-x" or "bd-y");

        // Edges to other projects, to issues later in the import, and loops of edges that order nothing are fine.
        Import(rig, Incoming("bd-e", dependencies: [Edge("bd-e", "external:other:cap"), Edge("bd-e", "bd-f", "related")]),
            Incoming("bd-f", dependencies: Edge("bd-f", "bd-e", "related")));
        Assert.Equal(["bd-a", "bd-b", "bd-e", "bd-f"], rig.State.Issues.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_jsonl_import_names_each_refused_line_and_with_skip_bad_lines_takes_the_others()
    {
        var rig = Initialized();
        var lines = string.Join("\n", Line(Incoming("bd-ok")), Line(Incoming("bd-bad") with { Priority = 7 }),
            Line(Incoming("bd-leans", dependencies: Edge("bd-leans", "bd-bad"))), Line(Incoming("bd-later", dependencies: Edge("bd-later", "bd-next"))));

        var refused = Assert.IsType<ImportResult>(rig.Do(new ImportJsonl(RigBuilder.Rig, Bob, lines, FirstLineNumber: 11)).Reply);
        Assert.Equal([12, 13, 14], refused.BadLines.Select(bad => bad.LineNumber));
        Assert.Contains("priority 7", refused.BadLines[0].Reason);
        Assert.Contains("depends on bd-bad", refused.BadLines[1].Reason);
        Assert.Empty(rig.State.Issues);

        var skipped = Assert.IsType<ImportResult>(rig.Do(new ImportJsonl(RigBuilder.Rig, Bob, lines, FirstLineNumber: 11)
        {
            SkipBadLines = true, ElsewhereInFile = ["bd-next"],
        }).Reply);
        Assert.Equal(2, skipped.Created);
        Assert.Equal([12, 13], skipped.BadLines.Select(bad => bad.LineNumber));
        Assert.Equal(["bd-later", "bd-ok"], rig.State.Issues.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Replacing_an_issue_moves_its_own_edges_and_keeps_the_edges_of_those_that_depend_on_it()
    {
        var rig = Initialized();
        Import(rig, Incoming("bd-b"), Incoming("bd-c"), Incoming("bd-a", dependencies: Edge("bd-a", "bd-b")),
            Incoming("bd-d", dependencies: Edge("bd-d", "bd-a")));

        Import(rig, Incoming("bd-a", updated: Then.AddHours(1), dependencies: Edge("bd-a", "bd-c")));

        Assert.False(rig.State.Dependents.ContainsKey("bd-b"));
        Assert.Equal(["bd-a"], rig.State.Dependents["bd-c"]);
        Assert.Equal(["bd-d"], rig.State.Dependents["bd-a"]);
        Assert.Equal(["bd-b", "bd-c"], ReadyIds(rig).Order(StringComparer.Ordinal));
        AssertIndexesMatchARebuild(rig.State);
    }

    [Fact]
    public void Id_and_comment_counters_move_past_imported_ones_and_a_replacement_is_not_counted_twice()
    {
        var rig = Initialized();
        var comment = new Comment { Id = CommentId.FromNumber(40), Author = "x", Text = "t", CreatedAt = Then };
        Import(rig, Incoming("bd-p", type: "epic"), Incoming("bd-p.7", dependencies: Edge("bd-p.7", "bd-p", "parent-child")),
            Incoming("bd-q") with { Comments = [comment] });
        Import(rig, Incoming("bd-p", "epic again", Then.AddHours(1), type: "epic"),
            Incoming("bd-p.7", "child again", Then.AddHours(1)));

        Assert.Equal(2, rig.State.TopLevelIssueCount);
        Assert.Equal("bd-p.8", rig.CreateChild("bd-p", "next child").Id);
        var added = rig.Do(new AddComment(RigBuilder.Rig, Alice, "bd-q", "next comment")).Reply;
        Assert.Equal("41", Assert.IsType<CommentResult>(added).Comment.Id.Value);
        AssertIndexesMatchARebuild(rig.State);
    }

    [Fact]
    public void A_newer_tombstone_replaces_a_live_issue_and_no_longer_blocks()
    {
        var rig = Initialized();
        Import(rig, Incoming("bd-blocker"), Incoming("bd-blocked", dependencies: Edge("bd-blocked", "bd-blocker")));
        Assert.Equal(["bd-blocker"], ReadyIds(rig));

        Import(rig, Incoming("bd-blocker", updated: Then.AddDays(1), status: "tombstone"));

        Assert.Equal("tombstone", rig["bd-blocker"].Status);
        Assert.Equal(["bd-blocked"], ReadyIds(rig));
    }

    [Fact]
    public void An_id_given_twice_is_weighed_against_its_earlier_copy()
    {
        var rig = Initialized();

        var result = Import(rig, Incoming("bd-a", "old"), Incoming("bd-a", "new", Then.AddHours(1)), Incoming("bd-a", "stale"));

        Assert.Equal((1, 1, 0), Counts(result));
        Assert.Equal(["bd-a"], result.SkippedIds);
        Assert.Equal("new", rig["bd-a"].Title);
    }

    [Fact]
    public void An_issue_without_an_id_or_title_refuses_the_whole_import()
    {
        var rig = Initialized();

        var noId = rig.Refuse(new ImportIssues(RigBuilder.Rig, Bob, [Incoming("bd-a"), Incoming(" ")]), ErrorCodes.InvalidArgument);
        var noTitle = rig.Refuse(new ImportIssues(RigBuilder.Rig, Bob, [Incoming("bd-a", title: "")]), ErrorCodes.InvalidArgument);

        Assert.Contains("issue 2 of the 2", noId.Message);
        Assert.Contains("bd-a has no title", noTitle.Message);
        Assert.Empty(rig.State.Issues);
    }

    [Fact]
    public void An_import_into_a_rig_that_does_not_exist_is_refused()
    {
        RigBuilder.Empty().Refuse(new ImportIssues(RigBuilder.Rig, Bob, [Incoming("bd-a")]), ErrorCodes.RigNotInitialized);
    }

    private static (int Created, int Updated, int Unchanged) Counts(ImportResult result) =>
        (result.Created, result.Updated, result.Unchanged);
}
