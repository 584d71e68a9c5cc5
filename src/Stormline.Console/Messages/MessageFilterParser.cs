using System.Globalization;
using System.Text;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// Recursive descent over <see cref="MessageFilter"/>'s grammar, straight to a predicate:
/// <code>
/// or := and ('||' and)*      and := unary ('&amp;&amp;' unary)*      unary := '!' unary | '(' or ')' | test
/// test := path ('exists' | op literal)      path := ('key' | 'value' | 'header') ('.' name | '[' string | int ']')*
/// </code>
/// </summary>
internal sealed class MessageFilterParser(string text)
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "<", ">"];

    private int _at;

    public Func<MessageRow, bool> ParseAll()
    {
        var test = Or();
        SkipSpace();
        return _at == text.Length ? test : throw Error("expected && or || or the end");
    }

    private Func<MessageRow, bool> Or()
    {
        var left = And();
        while (Take("||"))
        {
            var (a, b) = (left, And());
            left = m => a(m) || b(m);
        }

        return left;
    }

    private Func<MessageRow, bool> And()
    {
        var left = Unary();
        while (Take("&&"))
        {
            var (a, b) = (left, Unary());
            left = m => a(m) && b(m);
        }

        return left;
    }

    private Func<MessageRow, bool> Unary()
    {
        if (Take("!"))
        {
            var inner = Unary();
            return m => !inner(m);
        }

        if (Take("("))
        {
            var inner = Or();
            return Take(")") ? inner : throw Error("expected )");
        }

        return Test();
    }

    private Func<MessageRow, bool> Test()
    {
        var root = Name();
        if (root is not ("key" or "value" or "header"))
        {
            throw Error($"expected key, value or header{(root.Length > 0 ? $", not '{root}'" : "")}", _at - root.Length);
        }

        var steps = new List<object>();
        while (true)
        {
            if (Take("."))
            {
                steps.Add(Name() is { Length: > 0 } name ? name : throw Error("expected a field name after ."));
            }
            else if (Take("["))
            {
                SkipSpace();
                steps.Add(_at < text.Length && text[_at] == '"' ? String() : Index());
                if (!Take("]"))
                {
                    throw Error("expected ]");
                }
            }
            else
            {
                break;
            }
        }

        if (root == "header" && steps is not [string])
        {
            throw Error("a header is named once: header.NAME or header[\"NAME\"]");
        }

        if (Word("exists"))
        {
            return m => MessageFilter.Resolve(m, root, steps).Found;
        }

        var op = Word("contains") ? "contains" : Operators.FirstOrDefault(Take) ?? throw Error("expected ==, !=, <, <=, >, >=, contains or exists");
        var literal = Literal();
        return m => MessageFilter.Resolve(m, root, steps) is (true, var node) && MessageFilter.Compare(node, op, literal);
    }

    private object? Literal()
    {
        SkipSpace();
        if (_at < text.Length && text[_at] == '"')
        {
            return String();
        }

        var start = _at;
        while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '-' or '+' or '.'))
        {
            _at++;
        }

        var word = text[start.._at];
        return word switch
        {
            "true" => true,
            "false" => false,
            "null" => null,
            _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            _ => throw Error("expected a \"string\", a number, true, false or null", start),
        };
    }

    private string String()
    {
        var start = _at++;
        var value = new StringBuilder();
        while (_at < text.Length && text[_at] != '"')
        {
            if (text[_at] == '\\' && _at + 1 < text.Length)
            {
                _at++;
            }

            value.Append(text[_at++]);
        }

        return _at++ < text.Length ? value.ToString() : throw Error("the string is not closed", start);
    }

    private int Index()
    {
        var start = _at;
        while (_at < text.Length && char.IsAsciiDigit(text[_at]))
        {
            _at++;
        }

        return int.TryParse(text.AsSpan(start, _at - start), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw Error("expected a \"name\" or an index", start);
    }

    /// <summary>A name: letters, digits, _ and - (header names such as event-type have dashes; the language has no minus).</summary>
    private string Name()
    {
        SkipSpace();
        var start = _at;
        while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '-' or '$'))
        {
            _at++;
        }

        return text[start.._at];
    }

    private bool Word(string word)
    {
        SkipSpace();
        var end = _at + word.Length;
        if (string.CompareOrdinal(text, _at, word, 0, word.Length) != 0 || (end < text.Length && char.IsLetterOrDigit(text[end])))
        {
            return false;
        }

        _at = end;
        return true;
    }

    private bool Take(string symbol)
    {
        SkipSpace();
        if (string.CompareOrdinal(text, _at, symbol, 0, symbol.Length) != 0)
        {
            return false;
        }

        _at += symbol.Length;
        return true;
    }

    private void SkipSpace()
    {
        while (_at < text.Length && char.IsWhiteSpace(text[_at]))
        {
            _at++;
        }
    }

    private FormatException Error(string expected, int? at = null) =>
        new($"Filter error at position {(at ?? _at) + 1}: {expected}.");
}
