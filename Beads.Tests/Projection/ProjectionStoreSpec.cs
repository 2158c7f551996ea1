using System.Diagnostics;
using System.Text.Json;
using Beads.Actors.Domain;
using Beads.Actors.Projection;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Projection;

/// <summary>The projection's transactions on each real store: idempotent, replacing, forgiving of long values, fenced.</summary>
public abstract class ProjectionStoreSpec(TestStore store) : IDisposable
{
    private const string Rig = "r";
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, TimeSpan.FromHours(2));

    private readonly ProjectionStore _projection = new(ProjectionSettings.From(store.Config()));

    private static readonly Issue Sample = new()
    {
        Id = "bd-a1", Title = "sample ✓", Description = "two\nlines", Status = "open", IssueType = "bug", Priority = 1,
        CreatedAt = At, UpdatedAt = At.AddMinutes(1).AddTicks(7), DueAt = At.AddDays(2), EstimatedMinutes = 30,
        Metadata = JsonDocument.Parse("""{"files":["a.cs"]}""").RootElement.Clone(),
        Labels = ["backend", "urgent"],
        Dependencies = [new Dependency { IssueId = "bd-a1", DependsOnId = "bd-b2", Type = "blocks", CreatedAt = At, CreatedBy = "x" }],
        Comments = [new Comment { Id = CommentId.FromNumber(1), IssueId = "bd-a1", Author = "x", Text = "hi", CreatedAt = At }],
    };

    private static ProjectionBatch Batch(long epoch, long offset, params (IRigEvent Event, Issue Issue)[] events) =>
        new(Rig, WriterIndex.Of(Sample.Id), epoch, 1,
            [.. events.Select((e, n) => new ProjectedEvent(offset - events.Length + n + 1, e.Event, e.Issue, Stopwatch.GetTimestamp()))],
            offset);

    private async Task Write(ProjectionBatch batch)
    {
        await using var connection = await _projection.OpenAsync(CancellationToken.None);
        await _projection.WriteAsync(connection, batch, CancellationToken.None);
    }

    private void AssertRows(params Issue[] issues)
    {
        var expected = ProjectedRowsSnapshot.Expected(issues);
        var actual = ProjectedRowsSnapshot.Read(store, Rig);
        Assert.Equal(expected.Issues, actual.Issues);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.Dependencies, actual.Dependencies);
        Assert.Equal(expected.Comments, actual.Comments);
    }

    [SkippableFact]
    public async Task A_batch_written_twice_leaves_exactly_the_rows_of_writing_it_once()
    {
        var claim = await _projection.ClaimAsync(Rig, CancellationToken.None);
        var batch = Batch(claim.Epoch, 2, (new IssueCreated(Sample, At, "x"), Sample), (new LabelAdded(Sample.Id, "urgent", At, "x"), Sample));

        await Write(batch);
        await Write(batch);

        AssertRows(Sample);
        Assert.Equal([1L, 2L], ProjectedRowsSnapshot.EventSequenceNumbers(store, Rig));
        Assert.Equal(2, store.Scalar($"SELECT sequence_nr FROM projection_offsets WHERE rig = '{Rig}' AND writer = {batch.Writer}"));
    }

    [SkippableFact]
    public async Task A_later_change_replaces_the_issues_labels_dependencies_and_comments_whole()
    {
        var claim = await _projection.ClaimAsync(Rig, CancellationToken.None);
        await Write(Batch(claim.Epoch, 1, (new IssueCreated(Sample, At, "x"), Sample)));
        var pared = Sample with { Labels = ["urgent"], Dependencies = [], Comments = [], Description = null, Metadata = null };

        await Write(Batch(claim.Epoch, 2, (new DependencyRemoved(Sample.Id, "bd-b2", "blocks", At, "x"), pared)));

        AssertRows(pared);
    }

    [SkippableFact]
    public async Task A_deleted_issue_leaves_no_rows_but_its_audit_trail_whether_or_not_it_was_made_in_the_same_batch()
    {
        var claim = await _projection.ClaimAsync(Rig, CancellationToken.None);
        var other = Sample with { Id = "bd-c3", Dependencies = [], Comments = [] };
        await Write(Batch(claim.Epoch, 1, (new IssueCreated(Sample, At, "x"), Sample)));

        await Write(Batch(claim.Epoch, 4,
            (new IssueCreated(other, At, "x"), other),
            (new IssueDeleted(Sample.Id, Sample.Title, "duplicate", At, "x"), null!),
            (new IssueDeleted(other.Id, other.Title, null, At, "x"), null!)));

        AssertRows();
        Assert.Equal([1L, 2L, 3L, 4L], ProjectedRowsSnapshot.EventSequenceNumbers(store, Rig));
        Assert.Equal(1, store.Scalar($"SELECT COUNT(*) FROM events WHERE rig = '{Rig}' AND event_type = 'deleted' AND issue_id = '{Sample.Id}' AND comment = 'duplicate'"));
    }

    [SkippableFact]
    public async Task A_wisp_goes_to_the_wisp_tables_and_moves_to_beads_own_when_it_stops_being_one()
    {
        var claim = await _projection.ClaimAsync(Rig, CancellationToken.None);
        var wisp = IssueFlags.With(Sample with { Id = "bd-wisp-a1", Dependencies = [], Comments = [] }, IssueFlags.Ephemeral);
        await Write(Batch(claim.Epoch, 1, (new IssueCreated(wisp, At, "x"), wisp)));

        Assert.Equal((1, 2, 0, 0), Counts("wisps", "wisp_labels", "issues", "labels"));
        Assert.Equal(2, store.Scalar($"SELECT COUNT(*) FROM wisps w JOIN wisp_labels l ON l.rig = w.rig AND l.issue_id = w.id WHERE w.rig = '{Rig}'"));

        var kept = wisp with { Extra = null, Labels = ["urgent"] };
        await Write(Batch(claim.Epoch, 2, (new IssueImported(kept, At, "x"), kept)));

        Assert.Equal((0, 0, 1, 1), Counts("wisps", "wisp_labels", "issues", "labels"));
    }

    private (long, long, long, long) Counts(params string[] tables)
    {
        var counts = tables.Select(table => store.Scalar($"SELECT COUNT(*) FROM {table} WHERE rig = '{Rig}'")).ToArray();
        return (counts[0], counts[1], counts[2], counts[3]);
    }

    [SkippableFact]
    public async Task Values_longer_than_their_columns_are_cut_to_fit_rather_than_stalling_the_writer()
    {
        var claim = await _projection.ClaimAsync(Rig, CancellationToken.None);
        var longLabel = new string('l', 254) + "😀"; // a surrogate pair across the 255th character
        var odd = Sample with { Assignee = new string('a', 300), Labels = [longLabel], Dependencies = [], Comments = [] };

        await Write(Batch(claim.Epoch, 1, (new IssueCreated(odd, At, "x"), odd)));

        Assert.Equal(255, store.Scalar($"SELECT LENGTH(assignee) FROM issues WHERE rig = '{Rig}'"));
        Assert.Equal(254, store.Scalar($"SELECT LENGTH(label) FROM labels WHERE rig = '{Rig}'"));
    }

    [SkippableFact]
    public async Task A_writer_of_an_earlier_start_of_the_rig_is_fenced_off_and_writes_nothing()
    {
        var first = await _projection.ClaimAsync(Rig, CancellationToken.None);
        var second = await _projection.ClaimAsync(Rig, CancellationToken.None);

        var stale = await Assert.ThrowsAsync<ProjectionFencedException>(() =>
            Write(Batch(first.Epoch, 1, (new IssueCreated(Sample, At, "x"), Sample))));

        Assert.Equal(first.Epoch + 1, second.Epoch);
        Assert.Contains("a later start of this rig", stale.Message);
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM issues"));
    }

    [SkippableFact]
    public async Task A_claim_reads_the_offsets_the_writers_recorded()
    {
        var claim = await _projection.ClaimAsync(Rig, CancellationToken.None);
        await Write(Batch(claim.Epoch, 7, (new IssueCreated(Sample, At, "x"), Sample)));

        var next = await _projection.ClaimAsync(Rig, CancellationToken.None);

        var offsets = new long[WriterIndex.Count];
        offsets[WriterIndex.Of(Sample.Id)] = 7;
        Assert.Equal(offsets, next.Offsets.AsEnumerable());
        Assert.Equal(WriterIndex.Count, store.Scalar($"SELECT COUNT(*) FROM projection_offsets WHERE rig = '{Rig}'"));
    }

    public void Dispose() => store.Dispose();

    public sealed class OnEmbeddedStore() : ProjectionStoreSpec(TempDatabase.Create());

    public sealed class OnServerStore() : ProjectionStoreSpec(TempServerDatabase.Create());
}
