using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class ListFilterTests
{
    private static IReadOnlyList<string> List(RigBuilder rig, IssueFilter filter) =>
        IssueQueries.List(rig.State, new ListIssues(RigBuilder.Rig, filter) { Sort = IssueSorts.Id, Limit = 0 }, rig.Now)
            .Value.Select(i => i.Id).ToList();

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    [Fact]
    public void Date_bounds_keep_what_falls_inside_them_and_an_issue_without_the_date_never_passes()
    {
        var rig = Initialized();
        var early = rig.Create("early");
        var middle = rig.Create("middle");
        var late = rig.Create("late");
        rig.Do(new CloseIssue(RigBuilder.Rig, Alice, early.Id));

        Assert.Equal(Sorted(middle.Id, late.Id), List(rig, new IssueFilter { IncludeClosed = true, Created = new TimeWindow(After: early.CreatedAt) }));
        Assert.Equal([middle.Id], List(rig, new IssueFilter { Created = new TimeWindow(early.CreatedAt, late.CreatedAt) }));
        Assert.Equal([early.Id], List(rig, new IssueFilter { IncludeClosed = true, Closed = new TimeWindow(After: early.CreatedAt) }));
        Assert.Equal([early.Id], List(rig, new IssueFilter { IncludeClosed = true, Updated = new TimeWindow(After: late.UpdatedAt) }));
    }

    [Fact]
    public void Closed_issues_are_left_out_unless_asked_for()
    {
        var rig = Initialized();
        var open = rig.Create("open");
        var closed = rig.Create("closed");
        rig.Close(closed.Id);

        Assert.Equal([open.Id], List(rig, IssueFilter.Any));
        Assert.Equal(Sorted(open.Id, closed.Id), List(rig, new IssueFilter { IncludeClosed = true }));
        Assert.Equal([closed.Id], List(rig, new IssueFilter { Statuses = ["closed"] }));
    }

    [Fact]
    public void Statuses_filter_by_any_of_them()
    {
        var rig = Initialized();
        var a = rig.Create("a", c => c with { Status = "in_progress" });
        var b = rig.Create("b", c => c with { Status = "blocked" });
        rig.Create("c");
        Assert.Equal(Sorted(a.Id, b.Id), List(rig, new IssueFilter { Statuses = ["in_progress", "blocked"] }));
    }

    [Fact]
    public void Types_filter_by_any_of_them()
    {
        var rig = Initialized();
        var bug = rig.Create("bug", c => c with { IssueType = "bug" });
        var feature = rig.Create("feature", c => c with { IssueType = "feature" });
        rig.Create("task");
        Assert.Equal(Sorted(bug.Id, feature.Id), List(rig, new IssueFilter { Types = ["bug", "feature"] }));
    }

    [Fact]
    public void Assignee_and_unassigned_filters()
    {
        var rig = Initialized();
        var mine = rig.Create("mine", c => c with { Assignee = Bob });
        var free = rig.Create("free");
        Assert.Equal([mine.Id], List(rig, new IssueFilter { Assignee = Bob }));
        Assert.Equal([free.Id], List(rig, new IssueFilter { UnassignedOnly = true }));
    }

    [Fact]
    public void Label_filters_all_any_and_excluded()
    {
        var rig = Initialized();
        var both = rig.Create("both", c => c with { Labels = ["api", "db"] });
        var api = rig.Create("api", c => c with { Labels = ["api"] });
        var ui = rig.Create("ui", c => c with { Labels = ["ui"] });
        rig.Create("none");

        Assert.Equal([both.Id], List(rig, new IssueFilter { Labels = ["api", "db"] }));
        Assert.Equal(Sorted(api.Id, ui.Id, both.Id), List(rig, new IssueFilter { LabelsAny = ["api", "ui"] }));
        Assert.Equal(Sorted(api.Id), List(rig, new IssueFilter { Labels = ["api"], ExcludeLabels = ["db"] }));
    }

    [Fact]
    public void Priority_filters_exact_and_range()
    {
        var rig = Initialized();
        var p0 = rig.Create("p0", c => c with { Priority = 0 });
        var p1 = rig.Create("p1", c => c with { Priority = 1 });
        var p3 = rig.Create("p3", c => c with { Priority = 3 });
        Assert.Equal([p1.Id], List(rig, new IssueFilter { Priority = 1 }));
        Assert.Equal(Sorted(p0.Id, p1.Id), List(rig, new IssueFilter { PriorityMax = 1 }));
        Assert.Equal(Sorted(p1.Id, p3.Id), List(rig, new IssueFilter { PriorityMin = 1, PriorityMax = 3 }));
    }

    [Fact]
    public void The_parent_filter_finds_children_by_their_edge_and_dotted_ids_without_one_as_beads_does()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("epic");
        var child = rig.CreateChild(epic.Id, "child");
        var grandchild = rig.CreateChild(child.Id, "grandchild");
        var adopted = rig.Create("adopted");
        rig.Link(adopted.Id, epic.Id, "parent-child");
        var dotted = rig.Import($"{epic.Id}.9", "dotted without an edge");
        rig.Create("unrelated");

        Assert.Equal(Sorted(child.Id, adopted.Id, dotted.Id), List(rig, new IssueFilter { Parent = epic.Id }));
        Assert.Equal([grandchild.Id], List(rig, new IssueFilter { Parent = child.Id }));
    }

    [Fact]
    public void Ids_and_text_filters()
    {
        var rig = Initialized();
        var login = rig.Create("Fix LOGIN page", c => c with { Description = "OAuth callback fails" });
        var other = rig.Create("Other");
        Assert.Equal([other.Id], List(rig, new IssueFilter { Ids = [other.Id] }));
        Assert.Equal([login.Id], List(rig, new IssueFilter { TitleContains = "login" }));
        Assert.Equal([login.Id], List(rig, new IssueFilter { DescriptionContains = "oauth" }));
        Assert.Empty(List(rig, new IssueFilter { DescriptionContains = "x", Ids = [other.Id] }));
    }
}

public class SortTests
{
    /// <summary>Issues with chosen priorities and creation times, and the instant to query at.</summary>
    private static (RigBuilder Rig, Dictionary<string, string> Ids) Scenario()
    {
        var rig = Initialized();
        var ids = new Dictionary<string, string>();
        void Add(string name, int priority, DateTimeOffset at)
        {
            rig.Now = at;
            ids[name] = rig.Create(name, c => c with { Priority = priority }).Id;
        }
        var t = RigBuilder.Start;
        Add("old-p1", 1, t);
        Add("old-p3", 3, t.AddHours(1));
        Add("old-p0", 0, t.AddHours(2));
        Add("new-p2", 2, t.AddDays(10));
        Add("new-p1", 1, t.AddDays(10).AddHours(1));
        Add("new-p1b", 1, t.AddDays(10).AddHours(2));
        rig.Now = t.AddDays(11);
        return (rig, ids);
    }

    private static IEnumerable<string> Names(Dictionary<string, string> ids, IEnumerable<Issue> issues) =>
        issues.Select(i => ids.Single(kv => kv.Value == i.Id).Key);

    private static IEnumerable<string> Ready(RigBuilder rig, Dictionary<string, string> ids, string sort) =>
        Names(ids, IssueQueries.Ready(rig.State, new GetReadyWork(RigBuilder.Rig, IssueFilter.Any) { Sort = sort }, rig.Now).Value);

    private static IEnumerable<string> List(RigBuilder rig, Dictionary<string, string> ids, string sort, bool reverse = false) =>
        Names(ids, IssueQueries.List(rig.State, new ListIssues(RigBuilder.Rig, IssueFilter.Any) { Sort = sort, Reverse = reverse }, rig.Now).Value);

    [Fact]
    public void Priority_sort_is_priority_then_newest_first()
    {
        var (rig, ids) = Scenario();
        Assert.Equal(["old-p0", "new-p1b", "new-p1", "old-p1", "new-p2", "old-p3"], Ready(rig, ids, IssueSorts.Priority));
    }

    [Fact]
    public void Priority_is_the_default_ready_sort() =>
        Assert.Equal(IssueSorts.Priority, new GetReadyWork(RigBuilder.Rig, IssueFilter.Any).Sort);

    [Fact]
    public void Oldest_sort_is_creation_order()
    {
        var (rig, ids) = Scenario();
        Assert.Equal(["old-p1", "old-p3", "old-p0", "new-p2", "new-p1", "new-p1b"], Ready(rig, ids, IssueSorts.Oldest));
    }

    [Fact]
    public void Hybrid_sort_puts_recent_issues_first_by_priority_then_older_ones_by_age()
    {
        var (rig, ids) = Scenario();
        Assert.Equal(["new-p1", "new-p1b", "new-p2", "old-p1", "old-p3", "old-p0"], Ready(rig, ids, IssueSorts.Hybrid));
    }

    [Fact]
    public void Hybrid_counts_exactly_48_hours_as_recent()
    {
        var rig = Initialized();
        var edge = rig.Create("edge", c => c with { Priority = 0 });
        var later = rig.Create("later", c => c with { Priority = 4 });
        IEnumerable<string> Hybrid() => IssueQueries.Ready(rig.State,
            new GetReadyWork(RigBuilder.Rig, IssueFilter.Any) { Sort = IssueSorts.Hybrid }, rig.Now).Value.Select(i => i.Id);

        // Exactly 48 hours old: still recent, so priority decides.
        rig.Now = edge.CreatedAt + IssueQueries.HybridRecentWindow;
        Assert.Equal([edge.Id, later.Id], Hybrid());

        // A moment later edge is old and falls behind the recent issue despite its priority.
        rig.Now += TimeSpan.FromSeconds(30);
        Assert.Equal([later.Id, edge.Id], Hybrid());
    }

    [Fact]
    public void Ties_are_broken_by_id()
    {
        var rig = Initialized();
        var at = rig.Now;
        var b = rig.Create("b", c => c with { ExplicitId = "bd-bbb" });
        rig.Now = at;
        var a = rig.Create("a", c => c with { ExplicitId = "bd-aaa" });
        foreach (var sort in IssueSorts.ForReady)
        {
            var ready = IssueQueries.Ready(rig.State, new GetReadyWork(RigBuilder.Rig, IssueFilter.Any) { Sort = sort }, rig.Now).Value;
            Assert.Equal([a.Id, b.Id], ready.Select(i => i.Id));
        }
    }

    [Fact]
    public void List_sorts()
    {
        var (rig, ids) = Scenario();
        rig.Update(ids["old-p3"], "notes", "touched last");

        Assert.Equal(["old-p0", "new-p1b", "new-p1", "old-p1", "new-p2", "old-p3"], List(rig, ids, IssueSorts.Priority));
        Assert.Equal(["new-p1b", "new-p1", "new-p2", "old-p0", "old-p3", "old-p1"], List(rig, ids, IssueSorts.Created));
        Assert.Equal("old-p3", List(rig, ids, IssueSorts.Updated).First());
        Assert.Equal(ids.Values.Order(StringComparer.Ordinal), List(rig, ids, IssueSorts.Id).Select(n => ids[n]));
        Assert.Equal(["new-p1", "new-p1b", "new-p2", "old-p0", "old-p1", "old-p3"], List(rig, ids, IssueSorts.Title));
        Assert.Equal(["old-p3", "new-p2", "old-p1", "new-p1", "new-p1b", "old-p0"], List(rig, ids, IssueSorts.Priority, reverse: true));
    }

    [Fact]
    public void List_by_status_groups_statuses_then_priority()
    {
        var rig = Initialized();
        var openLow = rig.Create("open low", c => c with { Priority = 3 });
        var busy = rig.Create("busy", c => c with { Status = "in_progress" });
        var openHigh = rig.Create("open high", c => c with { Priority = 0 });
        var list = IssueQueries.List(rig.State, new ListIssues(RigBuilder.Rig, IssueFilter.Any) { Sort = IssueSorts.Status }, rig.Now).Value;
        Assert.Equal([busy.Id, openHigh.Id, openLow.Id], list.Select(i => i.Id));
    }

    [Fact]
    public void Limits_cut_the_sorted_list_and_zero_means_all()
    {
        var (rig, ids) = Scenario();
        var two = IssueQueries.Ready(rig.State, new GetReadyWork(RigBuilder.Rig, IssueFilter.Any) { Limit = 2 }, rig.Now).Value;
        Assert.Equal(["old-p0", "new-p1b"], Names(ids, two));
        Assert.Equal(6, IssueQueries.Ready(rig.State, new GetReadyWork(RigBuilder.Rig, IssueFilter.Any) { Limit = 0 }, rig.Now).Value.Count);
        Assert.Equal(3, IssueQueries.List(rig.State, new ListIssues(RigBuilder.Rig, IssueFilter.Any) { Limit = 3 }, rig.Now).Value.Count);
        Assert.Equal(6, IssueQueries.List(rig.State, new ListIssues(RigBuilder.Rig, IssueFilter.Any) { Limit = 0 }, rig.Now).Value.Count);
    }

    [Fact]
    public void The_default_list_limit_is_50()
    {
        var rig = Initialized();
        for (var i = 0; i < 55; i++) rig.Create($"issue {i}");
        Assert.Equal(50, IssueQueries.List(rig.State, new ListIssues(RigBuilder.Rig, IssueFilter.Any), rig.Now).Value.Count);
    }

    [Theory]
    [InlineData("created")]
    [InlineData("newest")]
    public void Ready_refuses_sorts_it_does_not_know(string sort)
    {
        var rig = Initialized();
        var result = IssueQueries.Ready(rig.State, new GetReadyWork(RigBuilder.Rig, IssueFilter.Any) { Sort = sort }, rig.Now);
        Assert.Equal(ErrorCodes.InvalidArgument, result.Error!.Code);
        Assert.Contains($"unknown sort '{sort}'", result.Error.Message);
        Assert.Contains("priority, oldest, hybrid", result.Error.Message);
    }

    [Fact]
    public void List_refuses_sorts_it_does_not_know()
    {
        var rig = Initialized();
        var result = IssueQueries.List(rig.State, new ListIssues(RigBuilder.Rig, IssueFilter.Any) { Sort = "random" }, rig.Now);
        Assert.Equal(ErrorCodes.InvalidArgument, result.Error!.Code);
        foreach (var sort in IssueSorts.ForList) Assert.Contains(sort, result.Error.Message);
    }
}
