using Beads.Actors.Domain;
using Beads.Actors.Persistence;
using Beads.Actors.Projection;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Projection;

/// <summary>
/// Each column of the projected tables (<see cref="ProjectedTables"/>) takes its value from the right field: every text
/// column of a row whose text fields each hold their own column's name gets that name, and every other column a value
/// of its type.
/// </summary>
public class ProjectedRowsTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_issue_row_holds_each_field_in_its_columns_place()
    {
        var issue = new Issue
        {
            Id = "id", Title = "title", Description = "description", Design = "design", AcceptanceCriteria = "acceptance_criteria",
            Notes = "notes", Status = "status", Priority = 2, IssueType = "issue_type", Assignee = "assignee", Owner = "owner",
            EstimatedMinutes = 30, CreatedAt = At, CreatedBy = "created_by", UpdatedAt = At, StartedAt = At, ClosedAt = At,
            CloseReason = "close_reason", DueAt = At, DeferUntil = At, ExternalRef = "external_ref",
            Metadata = System.Text.Json.JsonDocument.Parse("\"metadata\"").RootElement.Clone(),
        };

        AssertInPlace(ProjectedTables.Issues.Definition, ProjectedTables.Issues.Row(new IssueRow("rig", issue)), text => text == "\"metadata\"" ? "metadata" : text);
    }

    [Fact]
    public void Edge_label_comment_and_event_rows_hold_each_value_in_its_columns_place()
    {
        var issue = new Issue
        {
            Id = "issue_id", Title = "t", Status = "open", IssueType = "task", CreatedAt = At, UpdatedAt = At, Labels = ["label"],
            Dependencies = [new Dependency { IssueId = "issue_id", DependsOnId = "depends_on_id", Type = "type", CreatedAt = At, CreatedBy = "created_by", Metadata = "metadata", ThreadId = "thread_id" }],
            Comments = [new Comment { Id = new CommentId("id", false), IssueId = "issue_id", Author = "author", Text = "text", CreatedAt = At }],
        };

        AssertInPlace(ProjectedTables.Dependencies.Definition, ProjectedTables.Dependencies.Row(new DependencyRow("rig", issue.Id, issue.Dependencies.Single())));
        AssertInPlace(ProjectedTables.Labels.Definition, ProjectedTables.Labels.Row(new LabelRow("rig", issue.Id, issue.Labels.Single())));
        AssertInPlace(ProjectedTables.Comments.Definition, ProjectedTables.Comments.Row(new CommentRow("rig", issue.Id, issue.Comments.Single())));
        var closed = new IssueClosed("issue_id", "comment", At, "actor");
        var row = ProjectedTables.Events.Row(EventRow.Of("rig", ProjectedEvent.Of(7, closed, RigState.Empty, 0)));
        Assert.Equal(ProjectedTables.Events.Definition.Columns.Length, row.Length);
        Assert.Equal(["rig", "issue_id", "actor", "comment"], Texts(ProjectedTables.Events.Definition, row).Where(pair => pair.Value == pair.Column).Select(pair => pair.Column));
    }

    /// <summary>As many values as columns, a text column holding its own name and every other column a value of its type.</summary>
    private static void AssertInPlace(TableDefinition table, object?[] row, Func<string, string>? read = null)
    {
        Assert.Equal(table.Columns.Length, row.Length);
        foreach (var (column, value) in table.Columns.Zip(row))
        {
            switch (column.Type)
            {
                case ColumnType.Text or ColumnType.LongText:
                    Assert.True((read ?? (text => text))(Assert.IsType<string>(value)) == column.Name,
                        $"{table.Name}.{column.Name} holds '{value}'");
                    break;
                case ColumnType.Timestamp:
                    Assert.IsType<DateTimeOffset>(value);
                    break;
                case ColumnType.Int32 or ColumnType.Int64:
                    Assert.True(value is int or long, $"{table.Name}.{column.Name} holds {value?.GetType().Name}");
                    break;
            }
        }
    }

    private static IEnumerable<(string Column, string? Value)> Texts(TableDefinition table, object?[] row) =>
        table.Columns.Select((column, index) => (column, row[index])).Where(pair => pair.column.Type is ColumnType.Text or ColumnType.LongText)
            .Select(pair => (pair.column.Name, pair.Item2 as string));
}
