using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class RigInitTests
{
    [Fact]
    public void Init_names_the_rig_and_sets_its_prefix()
    {
        var rig = RigBuilder.Empty();
        Assert.False(rig.State.IsInitialized);

        var applied = rig.Do(new InitRig(RigBuilder.Rig, Alice, " BD- ", "/home/alice/demo"));

        var initialized = Assert.IsType<RigInitialized>(Assert.Single(applied.Events));
        Assert.Equal((RigBuilder.Rig, "bd", "/home/alice/demo"), (initialized.Name, initialized.Prefix, initialized.HomeDirectory));
        Assert.True(rig.State.IsInitialized);
        Assert.Equal(new RigInfo(RigBuilder.Rig, "bd", "/home/alice/demo", 0), applied.Reply);
    }

    [Fact]
    public void Init_again_with_the_same_prefix_and_home_changes_nothing()
    {
        var rig = Initialized();
        rig.Create("t");
        var applied = rig.Do(new InitRig(RigBuilder.Rig, Bob, "bd", "/home/alice/demo"));
        Assert.Empty(applied.Events);
        Assert.Equal(1, Assert.IsType<RigInfo>(applied.Reply).IssueCount);
    }

    [Theory]
    [InlineData("gt", "/home/alice/demo")]
    [InlineData("bd", "/elsewhere")]
    public void Init_again_with_another_prefix_or_home_is_a_conflict(string prefix, string home)
    {
        var rig = Initialized();
        var refusal = rig.Refuse(new InitRig(RigBuilder.Rig, Bob, prefix, home), ErrorCodes.RigConflict);
        Assert.Contains("prefix 'bd'", refusal.Message);
        Assert.Contains("/home/alice/demo", refusal.Message);
        Assert.Equal("bd", rig.State.Prefix);
    }

    [Theory]
    [InlineData("")]
    [InlineData("my app")]
    [InlineData("b_d")]
    [InlineData("-")]
    public void An_unusable_prefix_is_refused(string prefix)
    {
        var refusal = RigBuilder.Empty().Refuse(new InitRig(RigBuilder.Rig, Alice, prefix, "/x"), ErrorCodes.InvalidArgument);
        Assert.Contains($"prefix '{prefix}' is not usable", refusal.Message);
    }

    [Fact]
    public void A_rig_needs_a_name() =>
        RigBuilder.Empty().Refuse(new InitRig(" ", Alice, "bd", "/x"), ErrorCodes.InvalidArgument);

    [Fact]
    public void Every_other_command_needs_an_initialised_rig()
    {
        var rig = RigBuilder.Empty();
        IRigCommand[] commands =
        [
            new SetRigConfig(RigBuilder.Rig, Alice, "types.custom", "x"),
            new CreateIssue(RigBuilder.Rig, Alice, "t"),
            new UpdateIssue(RigBuilder.Rig, Alice, "bd-1"),
            new ClaimIssue(RigBuilder.Rig, Alice, "bd-1"),
            new CloseIssue(RigBuilder.Rig, Alice, "bd-1"),
            new ReopenIssue(RigBuilder.Rig, Alice, "bd-1"),
            new AddDependency(RigBuilder.Rig, Alice, "bd-1", "bd-2"),
            new RemoveDependency(RigBuilder.Rig, Alice, "bd-1", "bd-2"),
            new AddComment(RigBuilder.Rig, Alice, "bd-1", "hi"),
        ];
        foreach (var command in commands)
            Assert.Contains("bd init", rig.Refuse(command, ErrorCodes.RigNotInitialized).Message);
    }
}

public class UnknownCommandTests
{
    private sealed record Teleport(string Rig, string Actor) : IRigCommand;

    [Fact]
    public void A_command_the_rig_does_not_know_is_refused_by_name()
    {
        var refusal = Initialized().Refuse(new Teleport(RigBuilder.Rig, Alice), ErrorCodes.InvalidArgument);
        Assert.Contains("Teleport", refusal.Message);
    }
}

public class RigConfigTests
{
    private static SetRigConfig Set(string key, string value) => new(RigBuilder.Rig, Alice, key, value);

    [Fact]
    public void Custom_statuses_become_valid()
    {
        var rig = Initialized();
        var applied = rig.Do(Set("status.custom", " review , qa:wip ,"));

        var changed = Assert.IsType<RigConfigChanged>(Assert.Single(applied.Events));
        Assert.Equal(("status.custom", "review , qa:wip ,"), (changed.Key, changed.Value));
        Assert.Equal(["review", "qa"], rig.State.CustomStatuses);
        Assert.Equal([.. Vocabulary.Statuses.BuiltIn, "review", "qa"], rig.State.ValidStatuses.ToArray());

        var issue = rig.Create("t", c => c with { Status = "qa" });
        rig.SetStatus(issue.Id, "review");
        Assert.Equal("review", rig[issue.Id].Status);
    }

    [Fact]
    public void A_custom_status_with_a_dash_is_usable()
    {
        var rig = Initialized();
        rig.Do(Set("status.custom", "needs-review"));
        var issue = rig.Create("t");
        rig.SetStatus(issue.Id, "needs-review");
        Assert.Equal("needs-review", rig[issue.Id].Status);
        // The dash spelling of the built-in in_progress keeps working.
        rig.SetStatus(issue.Id, "in-progress");
        Assert.Equal("in_progress", rig[issue.Id].Status);
    }

    [Fact]
    public void Errors_list_the_custom_statuses_too()
    {
        var rig = Initialized();
        rig.Do(Set("status.custom", "review"));
        var issue = rig.Create("t");
        var refusal = rig.Refuse(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id) { Fields = Fields(("status", "qa")) },
            ErrorCodes.InvalidArgument);
        Assert.Contains("hooked, review", refusal.Message);
    }

    [Fact]
    public void Custom_types_become_valid()
    {
        var rig = Initialized();
        rig.Do(Set("types.custom", "incident, Runbook"));
        Assert.Equal(["incident", "runbook"], rig.State.CustomTypes);

        Assert.Equal("incident", rig.Create("t", c => c with { IssueType = "incident" }).IssueType);
        Assert.Equal("runbook", rig.Create("u", c => c with { IssueType = "RUNBOOK" }).IssueType);
        var refusal = rig.Refuse(new CreateIssue(RigBuilder.Rig, Alice, "v") { IssueType = "postmortem" }, ErrorCodes.InvalidArgument);
        Assert.Contains("milestone, event, incident, runbook", refusal.Message);
    }

    [Fact]
    public void Setting_a_list_again_replaces_it()
    {
        var rig = Initialized();
        rig.Do(Set("types.custom", "incident"));
        rig.Do(Set("types.custom", "runbook"));
        Assert.Equal(["runbook"], rig.State.CustomTypes);
        rig.Refuse(new CreateIssue(RigBuilder.Rig, Alice, "t") { IssueType = "incident" }, ErrorCodes.InvalidArgument);
    }

    [Fact]
    public void An_empty_value_clears_the_list()
    {
        var rig = Initialized();
        rig.Do(Set("status.custom", "review"));
        rig.Do(Set("status.custom", ""));
        Assert.Empty(rig.State.CustomStatuses);
    }

    [Fact]
    public void The_internal_event_type_is_valid_without_configuration() =>
        Assert.Equal("event", Initialized().Create("t", c => c with { IssueType = "event" }).IssueType);

    [Theory]
    [InlineData("types.custom", "9lives", "'9lives' is not a valid name for types.custom")]
    [InlineData("status.custom", "on hold", "'on hold' is not a valid name for status.custom")]
    [InlineData("Jira URL", "x", "'Jira URL' is not a setting name")]
    public void Bad_custom_names_are_refused(string key, string value, string expected)
    {
        var rig = Initialized();
        Assert.Contains(expected, rig.Refuse(Set(key, value), ErrorCodes.InvalidArgument).Message);
        Assert.False(rig.State.Config.ContainsKey(key));
    }

    [Fact]
    public void Built_in_names_in_a_custom_list_change_nothing_as_in_beads()
    {
        // Gas Town sets these lists, built-in and internal names among them.
        var rig = Initialized();
        rig.Do(Set("types.custom", "agent,role,rig,convoy,slot,queue,event,message,molecule,gate,merge-request"));
        rig.Do(Set("status.custom", "open,staged_ready,staged_warnings"));

        Assert.Equal("convoy", rig.Create("c", c => c with { IssueType = "convoy" }).IssueType);
        Assert.Single(rig.State.ValidTypes, type => type == "event");
        Assert.Single(rig.State.ValidStatuses, status => status == "open");
    }

    [Fact]
    public void Other_tools_keys_are_kept_unset_removes_them_and_issue_prefix_is_only_the_rigs_own()
    {
        var rig = Initialized();
        rig.Do(Set("jira.url", "https://jira.example/x"));
        rig.Do(Set("routing.mode", "explicit"));
        Assert.Equal("explicit", rig.State.Config["routing.mode"]);

        rig.Do(Set("routing.mode", ""));
        Assert.False(rig.State.Config.ContainsKey("routing.mode"));
        Assert.Empty(rig.Do(Set("routing.mode", "")).Events); // already unset: nothing to record

        Assert.Empty(rig.Do(Set("issue_prefix", rig.State.Prefix)).Events);
        Assert.Contains("cannot be changed", rig.Refuse(Set("issue_prefix", "other"), ErrorCodes.InvalidArgument).Message);
    }

    [Fact]
    public void ParseList_reads_beads_name_colon_category_lists()
    {
        Assert.Equal(["review", "qa", "done-ish"], RigConfigKeys.ParseList("review:active, QA:wip,,done-ish"));
        Assert.Empty(RigConfigKeys.ParseList(null));
        Assert.Empty(RigConfigKeys.ParseList(" , "));
    }
}
