using Beads.Actors.Jsonl;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Jsonl;

/// <summary>beads' own export of 3,066 issues goes through the codec unchanged.</summary>
public class FixtureRoundTripTests
{
    [SkippableFact]
    public void Every_line_of_beads_export_is_read()
    {
        var result = JsonlReader.Read(File.ReadAllBytes(Fixtures.BeadsExport()));

        Assert.Empty(result.BadLines);
        Assert.Empty(result.OtherRecords);
        Assert.Equal(Fixtures.BeadsExportIssueCount, result.Issues.Count);
    }

    [SkippableFact]
    public void Writing_what_was_read_gives_back_the_same_json_object_for_every_line()
    {
        var original = File.ReadAllBytes(Fixtures.BeadsExport());
        var issues = JsonlReader.Read(original).Issues;

        // The fixture is sorted by id, as the writer sorts, so the lines pair up one to one.
        JsonAssert.SameLines(original, Exported.Jsonl(issues));
    }

    [SkippableFact]
    public void Lines_serialised_one_by_one_match_the_full_export()
    {
        var issues = JsonlReader.Read(File.ReadAllBytes(Fixtures.BeadsExport())).Issues;

        using var concatenated = new MemoryStream();
        JsonlWriter.WriteLines(issues.Select(JsonlWriter.Serialize), concatenated);

        Assert.Equal(Exported.Jsonl(issues), concatenated.ToArray());
    }
}
