using Beads.Actors.Domain;
using Beads.Cli;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class BatchTests
{
    [Fact]
    public void Each_step_sees_the_ones_before_it_and_the_answer_names_what_each_changed()
    {
        var rig = Initialized();
        var first = rig.Create("first");
        var second = rig.Create("second");

        var applied = rig.Do(new RunBatch(Rig, Alice, BatchScript.Parse($"""
            # close one, start the other, order them
            close {first.Id} done for now
            update {second.Id} status=in_progress "title=second, renamed"

            dep add {second.Id} {first.Id}
            create bug 1 "a bug" found on the way
            """, Rig, Alice)));

        var result = Assert.IsType<BatchResult>(applied.Reply);
        Assert.Equal([(2, "close"), (3, "update"), (5, "dep.add"), (6, "create")], result.Steps.Select(s => (s.Line, s.Op)));
        Assert.Equal(("closed", "done for now"), (rig[first.Id].Status, rig[first.Id].CloseReason));
        Assert.Equal(("in_progress", "second, renamed"), (rig[second.Id].Status, rig[second.Id].Title));
        Assert.Equal($"{second.Id}->{first.Id}", result.Steps[2].Target);
        var created = rig[result.Steps[3].Target!];
        Assert.Equal(("a bug found on the way", "bug", 1), (created.Title, created.IssueType, created.Priority));
    }

    [Fact]
    public void A_refused_step_refuses_the_whole_batch_and_names_its_line()
    {
        var rig = Initialized();
        var issue = rig.Create("kept open");
        var before = rig.State;

        var refusal = rig.Refuse(new RunBatch(Rig, Alice, BatchScript.Parse($"close {issue.Id}\nclose {Prefix}-nope", Rig, Alice)), ErrorCodes.NotFound);

        Assert.StartsWith("line 2 (close):", refusal.Message);
        Assert.Contains("nothing in the batch was changed", refusal.Message);
        Assert.Same(before, rig.State);
        Assert.Equal("open", rig[issue.Id].Status);
    }

    [Fact]
    public void A_step_a_batch_may_not_hold_is_refused()
    {
        var rig = Initialized();
        var refusal = rig.Refuse(new RunBatch(Rig, Alice, [new BatchStep(1, new InitRig(Rig, Alice, "xx", "/tmp/x"))]), ErrorCodes.InvalidArgument);
        Assert.Contains("cannot be part of a batch", refusal.Message);
    }

    [Theory]
    [InlineData("frobnicate bd-1", "not a batch operation")]
    [InlineData("update bd-1 colour=red", "cannot set 'colour'")]
    [InlineData("update bd-1", "at least one key=value")]
    [InlineData("create task high title", "priority 'high'")]
    [InlineData("close \"bd-1", "quoted string is not closed")]
    [InlineData("dep swap a b", "unknown dep operation")]
    public void A_line_the_grammar_cannot_read_stops_the_script_with_its_number(string line, string why)
    {
        var problem = Assert.Throws<CliException>(() => BatchScript.Parse($"# first\n{line}", Rig, Alice));
        Assert.Equal(ExitCodes.Usage, problem.ExitCode);
        Assert.Contains("batch line 2", problem.Message);
        Assert.Contains(why, problem.Message);
    }

    [Fact]
    public void Quoted_words_keep_their_spaces_and_escapes()
    {
        Assert.Equal(["update", "bd-1", "title=say \"hi\" \\ bye"], BatchScript.Words("update bd-1 \"title=say \\\"hi\\\" \\\\ bye\""));
    }
}
