using System.Collections.Immutable;
using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class IdTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    // Expected values computed outside .NET (Python hashlib) from beads' recipe:
    // sha256("title|description|creator|unixnanos|nonce"), first N bytes big-endian, base36, padded, last L chars.
    [Theory]
    [InlineData(3, "i1i")]
    [InlineData(4, "kav0")]
    [InlineData(5, "cd8hb")]
    [InlineData(6, "pcd8hb")]
    [InlineData(7, "07y4b8q")]
    [InlineData(8, "507y4b8q")]
    public void Hash_matches_the_beads_recipe_at_every_length(int length, string expected) =>
        Assert.Equal(expected, IssueIds.Hash("Fix login", null, "alice", At, 0, length));

    [Fact]
    public void Hash_is_deterministic() =>
        Assert.Equal(IssueIds.Hash("Fix login", "d", "alice", At, 4, 6), IssueIds.Hash("Fix login", "d", "alice", At, 4, 6));

    [Fact]
    public void Hash_covers_every_input()
    {
        var baseline = IssueIds.Hash("Fix login", null, "alice", At, 0, 8);
        Assert.Equal("dn3", IssueIds.Hash("Fix login", null, "alice", At, 1, 3));
        Assert.Equal("ooemc0", IssueIds.Hash("Fix login", "Users cannot log in", "alice", At, 0, 6));
        Assert.NotEqual(baseline, IssueIds.Hash("Fix logout", null, "alice", At, 0, 8));
        Assert.NotEqual(baseline, IssueIds.Hash("Fix login", null, "bob", At, 0, 8));
        Assert.NotEqual(baseline, IssueIds.Hash("Fix login", null, "alice", At.AddTicks(1), 0, 8));
    }

    [Fact]
    public void Hash_treats_a_missing_description_as_empty() =>
        Assert.Equal(IssueIds.Hash("t", null, "alice", At, 0, 5), IssueIds.Hash("t", "", "alice", At, 0, 5));

    [Fact]
    public void Hash_uses_nanoseconds_since_the_epoch_in_utc()
    {
        Assert.Equal("you2r", IssueIds.Hash("Fix login", null, "alice", At.AddMilliseconds(500), 0, 5));
        // The same instant written in another offset is the same id.
        Assert.Equal(IssueIds.Hash("Fix login", null, "alice", At, 0, 5),
            IssueIds.Hash("Fix login", null, "alice", At.ToOffset(TimeSpan.FromHours(2)), 0, 5));
    }

    [Fact]
    public void Hash_hashes_utf8_text() =>
        Assert.Equal("1lzvox6m", IssueIds.Hash("Ünïcode title", "naïve", "zoë", At, 3, 8));

    [Fact]
    public void Hash_pads_small_values_with_zeros() =>
        Assert.Equal("00a", IssueIds.Hash("t92", null, "alice", At, 0, 3));

    [Fact]
    public void Hash_keeps_the_last_digits_when_the_value_is_too_long() =>
        // 4 bytes give 3389600080, which needs 7 base36 digits; a 6-character id keeps the last 6.
        Assert.Equal("k22w5s", IssueIds.Hash("t0", null, "alice", At, 0, 6));

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    [InlineData(163, 3)]
    [InlineData(164, 4)]
    [InlineData(983, 4)]
    [InlineData(984, 5)]
    [InlineData(5898, 5)]
    [InlineData(5899, 6)]
    [InlineData(35389, 6)]
    [InlineData(35390, 7)]
    [InlineData(212339, 7)]
    [InlineData(212340, 8)]
    [InlineData(50_000_000, 8)]
    public void AdaptiveLength_keeps_the_collision_probability_at_or_under_a_quarter(int existing, int length) =>
        Assert.Equal(length, IssueIds.AdaptiveLength(existing));

    [Fact]
    public void Generate_takes_the_first_free_candidate()
    {
        var id = IssueIds.Generate("bd", "Fix login", null, "alice", At, 0, _ => false);
        Assert.Equal("bd-i1i", id);
    }

    [Fact]
    public void Generate_uses_the_adaptive_length_for_the_rig_size()
    {
        Assert.Equal("bd-kav0", IssueIds.Generate("bd", "Fix login", null, "alice", At, 500, _ => false));
        Assert.Equal("bd-cd8hb", IssueIds.Generate("bd", "Fix login", null, "alice", At, 1000, _ => false));
    }

    [Fact]
    public void Generate_retries_a_collision_with_the_next_nonce()
    {
        var tried = new List<string>();
        var id = IssueIds.Generate("bd", "Fix login", null, "alice", At, 0, candidate =>
        {
            tried.Add(candidate);
            return candidate == "bd-i1i";
        });
        Assert.Equal("bd-dn3", id);
        Assert.Equal(["bd-i1i", "bd-dn3"], tried);
    }

    [Fact]
    public void Generate_grows_the_hash_after_ten_collisions_at_one_length()
    {
        var tried = new List<string>();
        var id = IssueIds.Generate("bd", "Fix login", null, "alice", At, 0, candidate =>
        {
            tried.Add(candidate);
            return candidate.Length == "bd-".Length + 3;
        });
        Assert.Equal(11, tried.Count);
        Assert.All(tried.Take(10), t => Assert.Equal(6, t.Length));
        Assert.Equal(10, tried.Take(10).Distinct().Count());
        Assert.Equal("bd-kav0", id);
    }

    [Fact]
    public void Generate_gives_up_only_when_every_length_collides()
    {
        var tries = 0;
        var id = IssueIds.Generate("bd", "Fix login", null, "alice", At, 0, _ => { tries++; return true; });
        Assert.Null(id);
        Assert.Equal(6 * 10, tries); // lengths 3..8, 10 nonces each
    }

    [Theory]
    [InlineData("bd-a3f", true)]
    [InlineData("bd-a3f.1", true)]
    [InlineData("bd-a3f.1.22.3", true)]
    [InlineData("my-app-x9z", true)]
    [InlineData("bd-a3f.x", false)]
    [InlineData("bd-", false)]
    [InlineData("bda3f", false)]
    [InlineData("BD-A3F", false)]
    [InlineData("bd_a3f", false)]
    [InlineData("bd-a3f.", false)]
    [InlineData("bd a3f", false)]
    public void IsWellFormed_accepts_prefix_dash_hash_with_optional_child_numbers(string id, bool expected) =>
        Assert.Equal(expected, IssueIds.IsWellFormed(id));

    [Fact]
    public void IsWellFormed_refuses_overlong_ids() =>
        Assert.False(IssueIds.IsWellFormed("bd-" + new string('a', 126)));

    [Theory]
    [InlineData("bd", true)]
    [InlineData("my-app", true)]
    [InlineData("x1", true)]
    [InlineData("", false)]
    [InlineData("My", false)]
    [InlineData("a_b", false)]
    [InlineData("-bd", false)]
    public void IsValidPrefix_accepts_lowercase_words_joined_by_dashes(string prefix, bool expected) =>
        Assert.Equal(expected, IssueIds.IsValidPrefix(prefix));

    [Fact]
    public void Child_ids_are_parent_dot_number()
    {
        Assert.Equal("bd-a3f.2", IssueIds.Child("bd-a3f", 2));
        Assert.Equal(0, IssueIds.Depth("bd-a3f"));
        Assert.Equal(2, IssueIds.Depth("bd-a3f.2.7"));
        Assert.Equal(("bd-a3f.2", 7), IssueIds.SplitChild("bd-a3f.2.7"));
        Assert.Null(IssueIds.SplitChild("bd-a3f"));
        Assert.Null(IssueIds.SplitChild("bd-a3f.x"));
    }
}

public class IdAssignmentTests
{
    [Fact]
    public void Create_assigns_the_hash_of_title_description_actor_and_time()
    {
        var rig = Initialized();
        var at = rig.Now;
        var issue = rig.Create("Fix login", c => c with { Description = "Users cannot log in" });
        Assert.Equal($"bd-{IssueIds.Hash("Fix login", "Users cannot log in", Alice, at, 0, 3)}", issue.Id);
    }

    [Fact]
    public void Create_hashes_the_trimmed_title()
    {
        var rig = Initialized();
        var at = rig.Now;
        var issue = rig.Create("  Fix login  ");
        Assert.Equal($"bd-{IssueIds.Hash("Fix login", null, Alice, at, 0, 3)}", issue.Id);
    }

    [Fact]
    public void Create_retries_with_a_new_nonce_when_the_id_is_taken()
    {
        var rig = Initialized();
        var at = rig.Now + Step; // the explicit create below moves the clock once
        var firstChoice = $"bd-{IssueIds.Hash("Fix login", null, Alice, at, 0, 3)}";
        rig.Create("Squatter", c => c with { ExplicitId = firstChoice });

        var issue = rig.Create("Fix login");

        Assert.Equal(at, issue.CreatedAt);
        Assert.Equal($"bd-{IssueIds.Hash("Fix login", null, Alice, at, 1, 3)}", issue.Id);
        Assert.Equal("Squatter", rig[firstChoice].Title);
    }

    [Fact]
    public void Id_length_grows_with_the_number_of_top_level_issues()
    {
        var rig = Initialized();
        // 3 characters while at most 163 issues exist, so the 164th still gets 3 and the 165th gets 4.
        for (var i = 0; i < 164; i++) rig.Create($"issue {i}");
        Assert.Equal(164, rig.State.TopLevelIssueCount);
        Assert.All(rig.State.Issues.Keys, id => Assert.Equal("bd-".Length + 3, id.Length));

        var at = rig.Now;
        var next = rig.Create("the 165th issue");
        Assert.Equal($"bd-{IssueIds.Hash("the 165th issue", null, Alice, at, 0, 4)}", next.Id);
    }

    [Fact]
    public void Children_do_not_count_toward_the_id_length()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("Epic");
        rig.CreateChild(epic.Id, "one");
        rig.CreateChild(epic.Id, "two");
        Assert.Equal(1, rig.State.TopLevelIssueCount);
        Assert.Equal(3, rig.State.Issues.Count);
    }

    [Fact]
    public void Children_are_numbered_from_one_under_their_parent()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("Epic");
        var first = rig.CreateChild(epic.Id, "one");
        var second = rig.CreateChild(epic.Id, "two");
        var grandchild = rig.CreateChild(first.Id, "one.one");

        Assert.Equal($"{epic.Id}.1", first.Id);
        Assert.Equal($"{epic.Id}.2", second.Id);
        Assert.Equal($"{epic.Id}.1.1", grandchild.Id);
        Assert.Equal(2, rig.State.LastChildNumber[epic.Id]);
        Assert.Equal(1, rig.State.LastChildNumber[first.Id]);
    }

    [Fact]
    public void A_child_gets_a_parent_child_edge_to_its_parent()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("Epic");
        var child = rig.CreateChild(epic.Id, "one");

        var edge = Assert.Single(child.Dependencies);
        Assert.Equal((child.Id, epic.Id, "parent-child"), (edge.IssueId, edge.DependsOnId, edge.Type));
        Assert.Equal(epic.Id, rig.State.ParentOf(child));
        Assert.Equal([child.Id], rig.State.ChildrenOf(epic.Id).Select(c => c.Id));
    }

    [Fact]
    public void Child_numbers_skip_ids_already_taken_explicitly()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("Epic");
        rig.Create("placed by hand", c => c with { ExplicitId = $"{epic.Id}.3" });
        Assert.Equal(3, rig.State.LastChildNumber[epic.Id]);

        var next = rig.CreateChild(epic.Id, "next");
        Assert.Equal($"{epic.Id}.4", next.Id);
    }

    [Fact]
    public void The_parent_may_be_given_by_a_partial_id()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("Epic");
        var child = rig.CreateChild(epic.Id["bd-".Length..], "one");
        Assert.Equal($"{epic.Id}.1", child.Id);
    }

    [Fact]
    public void Children_nest_at_most_three_levels()
    {
        var rig = Initialized();
        var top = rig.CreateEpic("Epic");
        var one = rig.CreateChild(top.Id, "1");
        var two = rig.CreateChild(one.Id, "2");
        var three = rig.CreateChild(two.Id, "3");
        Assert.Equal(3, IssueIds.Depth(three.Id));

        var refusal = rig.Refuse(new CreateIssue(Rig, Alice, "4") { Parent = three.Id }, ErrorCodes.InvalidArgument);
        Assert.Contains(three.Id, refusal.Message);
        Assert.Contains("3 levels", refusal.Message);
    }

    [Fact]
    public void An_unknown_parent_is_not_found()
    {
        var rig = Initialized();
        var refusal = rig.Refuse(new CreateIssue(Rig, Alice, "child") { Parent = "bd-zzz" }, ErrorCodes.NotFound);
        Assert.Contains("bd-zzz", refusal.Message);
    }

    [Fact]
    public void An_explicit_id_is_accepted_when_well_formed_and_unused()
    {
        var rig = Initialized();
        var issue = rig.Create("Imported", c => c with { ExplicitId = "bd-a3f8e9" });
        Assert.Equal("bd-a3f8e9", issue.Id);
        Assert.Equal(1, rig.State.TopLevelIssueCount);
    }

    [Fact]
    public void An_explicit_id_deeper_than_children_may_nest_is_refused()
    {
        var rig = Initialized();
        rig.Create("three deep", c => c with { ExplicitId = "bd-abc.1.2.3" });

        var refusal = rig.Refuse(new CreateIssue(Rig, Alice, "four deep") { ExplicitId = "bd-abc.1.2.3.4" }, ErrorCodes.InvalidArgument);

        Assert.Contains("nested 4 levels deep: children may nest at most 3 levels", refusal.Message);
    }

    [Fact]
    public void An_explicit_id_is_trimmed_and_otherwise_kept_as_given()
    {
        var rig = Initialized();
        Assert.Equal("bd-a3f8e9", rig.Create("Imported", c => c with { ExplicitId = "  bd-a3f8e9 " }).Id);
        // Not lowered: an id that is not one is refused, never changed into another.
        rig.Refuse(new CreateIssue(RigBuilder.Rig, Alice, "Loud") { ExplicitId = "BD-A3F8E0" }, ErrorCodes.InvalidArgument);
    }

    [Fact]
    public void An_explicit_child_id_is_accepted()
    {
        var rig = Initialized();
        var issue = rig.Create("Imported child", c => c with { ExplicitId = "bd-a3f8e9.2" });
        Assert.Equal("bd-a3f8e9.2", issue.Id);
        Assert.Equal(0, rig.State.TopLevelIssueCount);
        Assert.Equal(2, rig.State.LastChildNumber["bd-a3f8e9"]);
    }

    [Theory]
    [InlineData("a3f8e9")]
    [InlineData("bd-")]
    [InlineData("bd-a3f8e9.x")]
    [InlineData("bd-a b")]
    [InlineData("bd-a3f_8")]
    public void A_malformed_explicit_id_is_refused_with_an_example(string id)
    {
        var rig = Initialized();
        var refusal = rig.Refuse(new CreateIssue(Rig, Alice, "t") { ExplicitId = id }, ErrorCodes.InvalidArgument);
        Assert.Contains($"'{id}' is not a valid id", refusal.Message);
        Assert.Contains("bd-a3f8", refusal.Message);
    }

    [Fact]
    public void An_explicit_id_with_another_prefix_is_refused()
    {
        var rig = Initialized();
        var refusal = rig.Refuse(new CreateIssue(Rig, Alice, "t") { ExplicitId = "gt-a3f8" }, ErrorCodes.InvalidArgument);
        Assert.Contains("gt-a3f8", refusal.Message);
        Assert.Contains("'bd-'", refusal.Message);
    }

    [Fact]
    public void An_explicit_id_already_in_use_is_refused()
    {
        var rig = Initialized();
        rig.Create("first", c => c with { ExplicitId = "bd-a3f8" });
        var refusal = rig.Refuse(new CreateIssue(Rig, Alice, "second") { ExplicitId = "bd-a3f8" }, ErrorCodes.AlreadyExists);
        Assert.Contains("bd-a3f8 already exists", refusal.Message);
        Assert.Equal("first", rig["bd-a3f8"].Title);
    }

    [Fact]
    public void An_explicit_id_and_a_parent_together_are_refused()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("Epic");
        var refusal = rig.Refuse(new CreateIssue(Rig, Alice, "t") { ExplicitId = "bd-a3f8", Parent = epic.Id },
            ErrorCodes.InvalidArgument);
        Assert.Contains("--id", refusal.Message);
        Assert.Contains("--parent", refusal.Message);
    }
}

public class IdResolutionTests
{
    private static RigState Rig(params string[] ids)
    {
        var rig = Initialized();
        foreach (var id in ids) rig.Create($"issue {id}", c => c with { ExplicitId = id });
        return rig.State;
    }

    [Fact]
    public void A_full_id_resolves_to_itself() =>
        Assert.Equal("bd-a3f8", IdResolution.Resolve(Rig("bd-a3f8", "bd-a3f9"), "bd-a3f8").Value);

    [Fact]
    public void An_exact_id_wins_over_longer_ids_it_prefixes() =>
        Assert.Equal("bd-a3f", IdResolution.Resolve(Rig("bd-a3f", "bd-a3f8", "bd-a3f.1"), "bd-a3f").Value);

    [Fact]
    public void The_rig_prefix_may_be_left_out()
    {
        var state = Rig("bd-a3f8", "bd-x1y");
        Assert.Equal("bd-a3f8", IdResolution.Resolve(state, "a3f8").Value);
        Assert.Equal("bd-x1y", IdResolution.Resolve(state, "x1").Value);
    }

    [Fact]
    public void A_unique_prefix_resolves_with_or_without_the_rig_prefix()
    {
        var state = Rig("bd-a3f8", "bd-b72k");
        Assert.Equal("bd-a3f8", IdResolution.Resolve(state, "bd-a3").Value);
        Assert.Equal("bd-a3f8", IdResolution.Resolve(state, "a3").Value);
        Assert.Equal("bd-b72k", IdResolution.Resolve(state, "b").Value);
    }

    [Fact]
    public void A_bare_hash_is_not_matched_against_the_rig_prefix()
    {
        // "b" is the start of the rig prefix "bd" as well as of the hash b72k: only the hash is meant.
        var state = Rig("bd-a3f8", "bd-b72k", "bd-d001");
        Assert.Equal("bd-b72k", IdResolution.Resolve(state, "b").Value);
        Assert.Equal("bd-d001", IdResolution.Resolve(state, "d").Value);
    }

    [Fact]
    public void An_id_with_another_prefix_resolves_by_its_own_prefix()
    {
        var rig = Initialized();
        rig.Import("gt-abc1", "imported from another rig");
        rig.Create("local", c => c with { ExplicitId = "bd-abc2" });
        Assert.Equal("gt-abc1", IdResolution.Resolve(rig.State, "gt-ab").Value);
        Assert.Equal("bd-abc2", IdResolution.Resolve(rig.State, "abc").Value);
    }

    [Fact]
    public void Case_and_surrounding_space_do_not_matter() =>
        Assert.Equal("bd-a3f8", IdResolution.Resolve(Rig("bd-a3f8"), "  BD-A3F ").Value);

    [Fact]
    public void Child_ids_resolve_by_prefix_too() =>
        Assert.Equal("bd-a3f8.12", IdResolution.Resolve(Rig("bd-a3f8", "bd-a3f8.12", "bd-a3f8.2"), "a3f8.1").Value);

    [Fact]
    public void An_ambiguous_prefix_lists_the_candidates()
    {
        var result = IdResolution.Resolve(Rig("bd-a3f8", "bd-a3c1", "bd-b000"), "a3");
        Assert.False(result.IsOk);
        Assert.Equal(ErrorCodes.AmbiguousId, result.Error!.Code);
        Assert.Contains("'a3' matches 2 issues", result.Error.Message);
        Assert.Contains("bd-a3c1, bd-a3f8", result.Error.Message);
        Assert.DoesNotContain("bd-b000", result.Error.Message);
    }

    [Fact]
    public void A_long_candidate_list_is_cut_at_ten()
    {
        var ids = Enumerable.Range(0, 12).Select(i => $"bd-a{i:00}").ToArray();
        var result = IdResolution.Resolve(Rig(ids), "bd-a");
        Assert.Equal(ErrorCodes.AmbiguousId, result.Error!.Code);
        Assert.Contains("matches 12 issues", result.Error.Message);
        Assert.Contains("bd-a09, ...", result.Error.Message);
        Assert.DoesNotContain("bd-a10", result.Error.Message);
    }

    [Fact]
    public void An_unknown_id_is_not_found()
    {
        var result = IdResolution.Resolve(Rig("bd-a3f8"), "zz9");
        Assert.Equal(ErrorCodes.NotFound, result.Error!.Code);
        Assert.Contains("no issue found matching \"zz9\"", result.Error.Message);
        Assert.Contains($"'{RigBuilder.Rig}'", result.Error.Message);
    }

    [Fact]
    public void An_empty_id_is_invalid() =>
        Assert.Equal(ErrorCodes.InvalidArgument, IdResolution.Resolve(Rig("bd-a3f8"), "  ").Error!.Code);

    [Fact]
    public void Commands_accept_partial_ids()
    {
        var rig = Initialized();
        rig.Create("issue", c => c with { ExplicitId = "bd-a3f8" });
        var applied = rig.Do(new ClaimIssue(RigBuilder.Rig, Bob, "a3f"));
        Assert.Equal("bd-a3f8", applied.Issue.Id);
        Assert.Equal(Bob, rig["bd-a3f8"].Assignee);
    }

    [Fact]
    public void Commands_refuse_ambiguous_ids_with_the_candidates()
    {
        var rig = Initialized();
        rig.Create("one", c => c with { ExplicitId = "bd-a3f8" });
        rig.Create("two", c => c with { ExplicitId = "bd-a3c1" });
        var refusal = rig.Refuse(new CloseIssue(RigBuilder.Rig, Alice, "a3"), ErrorCodes.AmbiguousId);
        Assert.Contains("bd-a3c1", refusal.Message);
        Assert.Contains("bd-a3f8", refusal.Message);
        Assert.All(rig.State.Issues.Values, i => Assert.Equal("open", i.Status));
    }
}
