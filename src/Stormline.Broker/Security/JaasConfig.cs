using System.Text;

namespace Stormline.Broker.Security;

/// <summary>
/// One login module of a <c>sasl.jaas.config</c> value, as Kafka's JaasConfig reads it:
/// <c>&lt;class&gt; &lt;required|requisite|sufficient|optional&gt; key="value" key2=value2;</c>. Quoted values may
/// escape <c>"</c> and <c>\</c> with a backslash.
/// </summary>
internal sealed record JaasConfig(string LoginModule, IReadOnlyDictionary<string, string> Options)
{
    private static readonly string[] Flags = ["required", "requisite", "sufficient", "optional"];

    /// <exception cref="ArgumentException">Not one well-formed login module, named after <paramref name="configName"/>.</exception>
    public static JaasConfig Parse(string configName, string value)
    {
        var tokens = Tokenize(configName, value);
        if (tokens.Count < 3 || tokens[^1] != ";" || tokens.Count(t => t == ";") != 1)
        {
            throw new ArgumentException($"{configName} must be one login module: '<LoginModule class> required key=\"value\" …;'");
        }

        if (!Flags.Contains(tokens[1]))
        {
            throw new ArgumentException($"{configName}: '{tokens[1]}' is not a control flag ({string.Join(", ", Flags)})");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 2; i < tokens.Count - 1; i++)
        {
            var eq = tokens[i].IndexOf('=');
            if (eq <= 0)
            {
                throw new ArgumentException($"{configName}: option '{tokens[i]}' is not key=value");
            }

            options[tokens[i][..eq]] = tokens[i][(eq + 1)..];
        }

        return new JaasConfig(tokens[0], options);
    }

    /// <summary>Words, <c>key=value</c> pairs (the value unquoted) and <c>;</c>.</summary>
    private static List<string> Tokenize(string configName, string value)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"')
            {
                inToken = true;
                for (i++; ; i++)
                {
                    if (i >= value.Length)
                    {
                        throw new ArgumentException($"{configName}: a quoted value is not closed");
                    }

                    if (value[i] == '\\' && i + 1 < value.Length)
                    {
                        current.Append(value[++i]);
                    }
                    else if (value[i] == '"')
                    {
                        break;
                    }
                    else
                    {
                        current.Append(value[i]);
                    }
                }
            }
            else if (char.IsWhiteSpace(c) || c == ';')
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }

                if (c == ';')
                {
                    tokens.Add(";");
                }
            }
            else
            {
                inToken = true;
                current.Append(c);
            }
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
