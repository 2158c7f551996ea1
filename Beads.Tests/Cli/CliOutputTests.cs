using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Beads.Cli.Output;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>bd's output layer: an answer renders as JSON or as text, and every answer record is in the JSON context.</summary>
public class CliOutputTests
{
    private static (JsonNode Json, string Text) Render(ICliOutput output)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) output.WriteJson(writer);
        var text = new StringWriter();
        output.WriteText(text);
        return (JsonNode.Parse(Encoding.UTF8.GetString(buffer.ToArray()))!, text.ToString());
    }

    [Fact]
    public void Every_answer_record_has_its_JSON_in_the_source_generated_context()
    {
        // A record left out of [JsonSerializable] would fail only when a user runs its command with --json.
        var context = (JsonSerializerContext)typeof(ICliOutput).Assembly.GetType("Beads.Cli.Output.OutputJsonContext")!
            .GetProperty("Cli")!.GetValue(null)!;
        var records = typeof(ICliOutput).Assembly.GetTypes()
            .Where(type => type.BaseType is { IsGenericType: true } parent && parent.GetGenericTypeDefinition() == typeof(RecordOutput<>))
            .ToList();

        Assert.NotEmpty(records);
        Assert.All(records, record => Assert.True(context.GetTypeInfo(record) is not null, $"{record.Name} is not in OutputJsonContext"));
    }

    [Fact]
    public void What_only_the_text_shows_stays_out_of_the_JSON()
    {
        var (json, text) = Render(new WhereOutput("demo", "dm", "/home/demo", null, "unix:///tmp/bd.sock", "/data", "embedded",
            IssueCount: 12, ProcessId: 4242));

        Assert.Equal(["rig", "prefix", "home", "host", "data_directory", "storage"], json.AsObject().Select(pair => pair.Key));
        Assert.Contains("(prefix dm, 12 issues)", text);
        Assert.Contains("(pid 4242)", text);
        Assert.DoesNotContain("Config:", text);
    }

    [Fact]
    public void A_setting_prints_null_when_unset_with_no_text_and_its_text_confirms_a_change()
    {
        var (unset, unsetText) = Render(SettingOutput.Of("sync.mode", null));
        Assert.Null((string?)unset["value"]);
        Assert.True(unset.AsObject().ContainsKey("value"));
        Assert.Equal("", unsetText); // bd config get says on stderr that it is not set

        var overridden = new RigSetting("flush-debounce", "2s", "environment (BD_FLUSH_DEBOUNCE)", "");
        var (_, changedText) = Render(SettingOutput.Of("flush-debounce", overridden, changed: true));
        Assert.Contains("flush-debounce = 2s", changedText);
        Assert.Contains("the host's environment (BD_FLUSH_DEBOUNCE) wins over this rig's setting", changedText);
    }
}
