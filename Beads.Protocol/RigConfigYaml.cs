using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Beads.Protocol;

/// <summary>
/// A rig's <c>.beads/config.yaml</c>, the one reader and writer of it for bd and the host: bd reads which rig a folder
/// belongs to (<c>rig</c>, <c>prefix</c>) and writes them at <c>bd init</c>; the host reads and writes the sync settings.
/// beads writes keys either flat (<c>no-auto-flush: true</c>) or nested (<c>sync:</c> then <c>  mode: dolt-native</c>);
/// both are read, as dotted keys. Changes edit the file line by line so that comments and other keys stay as they
/// were, and replace it atomically. YamlDotNet's parser and node model use no reflection, so bd's native build can
/// read YAML too.
/// </summary>
public static partial class RigConfigYaml
{
    public const string RigKey = "rig";
    public const string PrefixKey = "prefix";

    /// <summary>
    /// Every scalar the file sets, by dotted key; empty when the file does not exist.
    /// </summary>
    /// <exception cref="RigConfigUnreadable">The file exists but is not YAML, or cannot be read.</exception>
    public static ImmutableDictionary<string, string> Read(string path)
    {
        if (!File.Exists(path)) return ImmutableDictionary<string, string>.Empty;
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(path)));
            var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode root)
            {
                foreach (var (key, text) in Flatten(root, "")) values[key] = text;
            }
            return values.ToImmutable();
        }
        catch (Exception e) when (e is YamlException or IOException or UnauthorizedAccessException)
        {
            throw new RigConfigUnreadable(path, e.Message);
        }
    }

    private static IEnumerable<(string Key, string Text)> Flatten(YamlMappingNode mapping, string prefix)
    {
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name }) continue;
            switch (value)
            {
                case YamlScalarNode { Value: var text }:
                    yield return (prefix + name, text ?? "");
                    break;
                case YamlMappingNode nested:
                    foreach (var entry in Flatten(nested, $"{prefix}{name}.")) yield return entry;
                    break;
            }
        }
    }

    /// <summary>Sets one key in the file, atomically, creating the file (and its folder) when it is missing.</summary>
    public static void Write(string path, string key, string value)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Replace(path, WithValue(text, key, value));
    }

    /// <summary>Removes one key from the file, atomically; nothing to do when the file or the key is not there.</summary>
    public static void Remove(string path, string key)
    {
        if (!File.Exists(path)) return;
        var text = File.ReadAllText(path);
        var updated = WithoutKey(text, key);
        if (updated != text) Replace(path, updated);
    }

    /// <summary>
    /// <paramref name="text"/> without <paramref name="key"/>: its flat line, or its line in its first part's block
    /// (and the block's header, when nothing else is left in it). Comments and other keys stay.
    /// </summary>
    public static string WithoutKey(string text, string key)
    {
        var lines = text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').ToList();
        if (FindTopLevel(lines, key) is { } flat) lines.RemoveAt(flat);
        var dot = key.IndexOf('.');
        if (dot > 0 && FindTopLevel(lines, key[..dot], headerOnly: true) is { } header)
        {
            var child = key[(dot + 1)..];
            var end = header + 1;
            var children = 0;
            for (; end < lines.Count; end++)
            {
                var line = lines[end];
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
                var nested = NestedKey().Match(line);
                if (!nested.Success) break;
                if (nested.Groups[2].Value == child)
                {
                    lines.RemoveAt(end--);
                    continue;
                }
                children++;
            }
            if (children == 0) lines.RemoveAt(header);
        }
        return lines.Count == 0 || lines is [""] ? "" : string.Join('\n', lines) + "\n";
    }

    /// <summary>
    /// Sets the rig and prefix lines of the config at <paramref name="path"/>, at its top, creating it when missing;
    /// every other line (sync settings, comments) stays.
    /// </summary>
    public static void WriteRig(string path, string rig, string prefix)
    {
        var kept = File.Exists(path)
            ? File.ReadAllLines(path).Where(line => !IsTopLevel(line, RigKey) && !IsTopLevel(line, PrefixKey)).ToList()
            : ["# Beads rig settings. The rig's issues live in the Beads host's store; issues.jsonl here is their export."];
        var at = kept.FindIndex(line => !line.StartsWith('#'));
        kept.InsertRange(at < 0 ? kept.Count : at, [$"{RigKey}: {rig}", $"{PrefixKey}: {prefix}"]);
        Replace(path, string.Join('\n', kept).TrimEnd('\n') + "\n");
    }

    private static void Replace(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>
    /// <paramref name="text"/> with <paramref name="key"/> set: its line replaced where it has one, flat or nested
    /// under its first part; otherwise added at the end, a dotted key as a nested block (beads' own form).
    /// </summary>
    public static string WithValue(string text, string key, string value)
    {
        var lines = text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').ToList();
        if (lines is [""]) lines.Clear();
        var dot = key.IndexOf('.');
        if (FindTopLevel(lines, key) is { } flat)
            lines[flat] = $"{key}: {value}";
        else if (dot > 0 && FindTopLevel(lines, key[..dot], headerOnly: true) is { } header)
            SetNested(lines, header, key[(dot + 1)..], value);
        else if (dot > 0)
            lines.AddRange([$"{key[..dot]}:", $"  {key[(dot + 1)..]}: {value}"]);
        else
            lines.Add($"{key}: {value}");
        return string.Join('\n', lines) + "\n";
    }

    [GeneratedRegex(@"^(\s+)([^\s:#][^:]*?)\s*:")]
    private static partial Regex NestedKey();

    private static void SetNested(List<string> lines, int header, string child, string value)
    {
        var indent = "  ";
        var index = header + 1;
        for (; index < lines.Count; index++)
        {
            var line = lines[index];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var nested = NestedKey().Match(line);
            if (!nested.Success) break; // the next top-level key: the block ended
            indent = nested.Groups[1].Value;
            if (nested.Groups[2].Value != child) continue;
            lines[index] = $"{indent}{child}: {value}";
            return;
        }
        lines.Insert(header + 1, $"{indent}{child}: {value}");
    }

    private static bool IsTopLevel(string line, string key) =>
        line.StartsWith(key, StringComparison.Ordinal) && line[key.Length..].TrimStart().StartsWith(':');

    /// <summary>The line of a top-level key (<paramref name="headerOnly"/>: one that opens a block, with no value).</summary>
    private static int? FindTopLevel(List<string> lines, string key, bool headerOnly = false)
    {
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index];
            if (!IsTopLevel(line, key)) continue;
            var after = line[key.Length..].TrimStart()[1..].Trim();
            if (!headerOnly || after.Length == 0 || after.StartsWith('#')) return index;
        }
        return null;
    }
}

/// <summary>A rig's config.yaml exists but cannot be read: what is wrong with it, and where.</summary>
public sealed class RigConfigUnreadable(string path, string reason) : Exception($"{path} could not be read ({reason})")
{
    public string Path { get; } = path;
}
