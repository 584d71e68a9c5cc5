using Stormline.Model.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Stormline.Model.Parsing;

/// <summary>Reads the first YAML document of a text into <see cref="YamlNode"/>s, keeping every node's line and column.</summary>
internal static class YamlTreeReader
{
    /// <summary>Returns the root node, or null with a diagnostic when the text is not valid YAML.</summary>
    public static YamlNode? Read(string text, string file, List<Diagnostic> diagnostics)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            return ReadNode(parser, file, anchors);
        }
        catch (YamlException ex)
        {
            // YamlDotNet prefixes its own "(Lin: …, Col: …)"; the location is already in ours.
            var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
            var paren = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line:", StringComparison.Ordinal) && paren > 0)
            {
                message = message[(paren + 3)..];
            }

            if (message.Contains("flow", StringComparison.OrdinalIgnoreCase))
            {
                message += " Inside { } or [ ], quote values that contain brackets, e.g. lines: \"OrderLine[]\".";
            }

            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, "yaml-syntax", $"not valid YAML: {message}", At(file, ex.Start)));
            return null;
        }
    }

    private static YamlNode ReadNode(IParser parser, string file, Dictionary<string, YamlNode> anchors)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the document");
        YamlNode node;
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} has no anchor");
            case Scalar scalar:
                parser.MoveNext();
                var isNull = scalar.IsPlainImplicit && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
                node = new YamlScalar(At(file, scalar.Start), scalar.Value, isNull);
                Remember(scalar, node, anchors);
                return node;
            case SequenceStart sequenceStart:
                parser.MoveNext();
                var items = new List<YamlNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser, file, anchors));
                }

                node = new YamlSequence(At(file, sequenceStart.Start), items);
                Remember(sequenceStart, node, anchors);
                return node;
            case MappingStart mappingStart:
                parser.MoveNext();
                var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, file, anchors);
                    var value = ReadNode(parser, file, anchors);
                    var scalarKey = key as YamlScalar
                        ?? throw new YamlException(mappingStart.Start, mappingStart.End, "a key must be a plain name, not a list or mapping");
                    entries.Add(new(scalarKey, value));
                }

                node = new YamlMapping(At(file, mappingStart.Start), entries);
                Remember(mappingStart, node, anchors);
                return node;
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private static void Remember(NodeEvent nodeEvent, YamlNode node, Dictionary<string, YamlNode> anchors)
    {
        if (!nodeEvent.Anchor.IsEmpty)
        {
            anchors[nodeEvent.Anchor.Value] = node;
        }
    }

    private static SourceLocation At(string file, Mark mark) => new(file, (int)mark.Line, (int)mark.Column);
}
