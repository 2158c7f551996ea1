using Beads.Actors.Jsonl;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Jsonl;

public class SyntheticRigTests(ITestOutputHelper output)
{
    [Fact]
    public void Three_thousand_issues_are_about_the_size_of_beads_own_export()
    {
        var issues = SyntheticRig.Generate(3000);
        var size = Exported.Jsonl(issues).Length;

        output.WriteLine($"3,000 synthetic issues: {size:N0} bytes, {size / 3000.0:N0} bytes per issue");
        Assert.InRange(size, 2_600_000, 3_200_000);
        Assert.Equal(3000, issues.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public void The_same_seed_gives_the_same_rig_and_another_seed_another()
    {
        Assert.Equal(Exported.Jsonl(SyntheticRig.Generate(200, seed: 7)), Exported.Jsonl(SyntheticRig.Generate(200, seed: 7)));
        Assert.NotEqual(Exported.Jsonl(SyntheticRig.Generate(200, seed: 7)), Exported.Jsonl(SyntheticRig.Generate(200, seed: 8)));
    }

    [Fact]
    public void The_mix_has_every_kind_of_record_a_real_rig_has()
    {
        var issues = SyntheticRig.Generate(3000);

        Assert.Superset(new HashSet<string> { "open", "closed", "tombstone", "hooked" }, issues.Select(i => i.Status).ToHashSet());
        Assert.Superset(new HashSet<string> { "task", "bug", "epic", "event", "merge-request" }, issues.Select(i => i.IssueType).ToHashSet());
        Assert.Superset(new HashSet<string> { "blocks", "parent-child", "waits-for" },
            issues.SelectMany(i => i.Dependencies).Select(d => d.Type).ToHashSet());
        Assert.Contains(issues, i => i.Id.Contains('.'));
        Assert.Contains(issues, i => !i.Labels.IsEmpty);
        Assert.Contains(issues, i => i.Comments.Any(c => c.Id.IsNumeric));
        Assert.Contains(issues, i => i.Comments.Any(c => !c.Id.IsNumeric));
        Assert.Contains(issues, i => i.Description?.Contains('\n') == true && i.Description.Contains('✓'));
        Assert.Contains(issues, i => i.CreatedAt.Offset == TimeSpan.Zero);
        Assert.Contains(issues, i => i.Extra?.ContainsKey("deleted_at") == true);
    }

    [Fact]
    public void Dependencies_point_to_earlier_issues_only_so_there_is_no_cycle()
    {
        var issues = SyntheticRig.Generate(3000);
        var position = issues.Select((issue, index) => (issue.Id, index)).ToDictionary(p => p.Id, p => p.index);

        Assert.All(issues, issue => Assert.All(issue.Dependencies,
            d => Assert.True(position[d.DependsOnId] < position[issue.Id], $"{issue.Id} → {d.DependsOnId}")));
    }

    [Fact]
    public void A_generated_rig_round_trips_through_the_codec()
    {
        var written = Exported.Jsonl(SyntheticRig.Generate(3000));
        var read = JsonlReader.Read(written);

        Assert.Empty(read.BadLines);
        Assert.Equal(3000, read.Issues.Count);
        JsonAssert.SameLines(written, Exported.Jsonl(read.Issues));
    }
}
