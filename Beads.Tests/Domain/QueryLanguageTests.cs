using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

/// <summary>beads' bd query language: the forms Gas Town and beads-mcp send, and refusals that say where.</summary>
public class QueryLanguageTests
{
    private readonly RigBuilder _rig = Initialized();
    private readonly Issue _urgentBug;
    private readonly Issue _mail;
    private readonly Issue _closed;
    private readonly Issue _unassigned;

    public QueryLanguageTests()
    {
        _urgentBug = _rig.Create("Login fails", c => c with { IssueType = "bug", Priority = 0, Labels = ["urgent", "frontend"], Assignee = Bob });
        _mail = _rig.Create("ping", c => c with { Ephemeral = true, Labels = ["gt:message"], Assignee = "mayor/" });
        _closed = _rig.Create("old work", c => c with { Labels = ["backend"], Assignee = Bob });
        _rig.Close(_closed.Id);
        _unassigned = _rig.Create("tidy docs", c => c with { Priority = 3, IssueType = "chore", Description = "the README" });
    }

    private string[] Query(string expression, bool all = false)
    {
        var result = IssueQueries.Query(_rig.State, new QueryIssues(RigBuilder.Rig, expression) { All = all, Limit = 0 }, _rig.Now);
        Assert.True(result.IsOk, result.Error?.Message);
        return [.. result.Value.Select(issue => issue.Id).Order(StringComparer.Ordinal)];
    }

    private static string[] Ids(params Issue[] issues) => [.. issues.Select(issue => issue.Id).Order(StringComparer.Ordinal)];

    [Fact]
    public void Gas_towns_ephemeral_mail_query_finds_its_wisps()
    {
        Assert.Equal(Ids(_mail), Query("ephemeral=true AND label=gt:message AND status=open"));
        Assert.Equal(Ids(_mail), Query("ephemeral=true AND assignee=mayor/"));
        Assert.DoesNotContain(_mail.Id, Query("ephemeral=false"));
    }

    [Fact]
    public void Comparisons_join_with_and_or_not_and_parentheses_in_beads_precedence()
    {
        Assert.Equal(Ids(_urgentBug), Query("type=bug AND label=urgent"));
        Assert.Equal(Ids(_urgentBug, _unassigned), Query("priority=0 OR priority>2 AND type=chore"));
        Assert.Equal(Ids(_unassigned), Query("(priority=0 OR priority>2) AND type=chore"));
        Assert.Equal(Ids(_mail, _unassigned), Query("NOT label=urgent"));
        Assert.Equal(Ids(_urgentBug, _unassigned), Query("label=frontend,none OR type=chore"));
        Assert.Equal(Ids(_unassigned), Query("assignee=none and description=readme"));
        Assert.Equal(Ids(_urgentBug, _mail), Query("priority<=2 AND status!=closed"));
        Assert.Equal(Ids(_urgentBug), Query($"id={_urgentBug.Id[..5]}* AND title=\"login fails\""));
    }

    [Fact]
    public void Closed_issues_come_only_with_all_or_a_status_condition()
    {
        Assert.DoesNotContain(_closed.Id, Query("label=backend"));
        Assert.Equal(Ids(_closed), Query("label=backend", all: true));
        Assert.Equal(Ids(_closed), Query("status=closed"));
    }

    [Fact]
    public void Dates_compare_as_days_instants_or_ages()
    {
        var created = _urgentBug.CreatedAt;
        Assert.Contains(_urgentBug.Id, Query($"created={created:yyyy-MM-dd}"));
        Assert.Equal(Ids(_urgentBug, _mail, _unassigned), Query("created>30d"));
        Assert.Empty(Query("created<30d"));
        Assert.Empty(Query("closed>7d")); // open issues have no close date
        Assert.Equal(Ids(_closed), Query("closed>=7d", all: true));
    }

    [Theory]
    [InlineData("", "the query is empty")]
    [InlineData("colour=red", "unknown field 'colour' at position 1")]
    [InlineData("status=open AND label>x", "label takes only = and !=")]
    [InlineData("status=open priority=1", "unexpected 'priority' at position 13")]
    [InlineData("(status=open", "expected ')' at position 13")]
    [InlineData("status=", "expected a value after 'status=' at position 8")]
    [InlineData("priority=high", "priority at position 1")]
    [InlineData("status=sideways", "status at position 1")]
    [InlineData("updated>someday", "'someday' is not a date")]
    [InlineData("title=\"open", "the quote at position 7 is never closed")]
    [InlineData("status!open", "must be followed by '='")]
    [InlineData("AND status=open", "expected a condition such as status=open at position 1")]
    public void A_bad_query_is_refused_with_what_and_where(string expression, string message)
    {
        var result = IssueQueries.Query(_rig.State, new QueryIssues(RigBuilder.Rig, expression), _rig.Now);
        Assert.False(result.IsOk);
        Assert.Equal(ErrorCodes.InvalidArgument, result.Error!.Code);
        Assert.Contains(message, result.Error.Message);
    }
}
