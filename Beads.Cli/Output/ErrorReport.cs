namespace Beads.Cli.Output;

/// <summary>Prints a failure on stderr: <c>Error: ...</c>, or beads' <c>{"error": ..., "code": ...}</c> with --json.</summary>
public static class ErrorReport
{
    public static int Print(CliException error, bool json)
    {
        if (json)
        {
            BeadsJson.Write(Console.OpenStandardError(), writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("error", error.Message);
                writer.WriteString("code", error.Code);
                writer.WriteNumber("schema_version", BeadsJson.SchemaVersion);
                writer.WriteEndObject();
            });
        }
        else
        {
            Console.Error.WriteLine($"Error: {error.Message}");
        }
        return error.ExitCode;
    }
}
