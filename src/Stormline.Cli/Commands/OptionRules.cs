using System.CommandLine;

namespace Stormline.Cli.Commands;

/// <summary>Ranges checked while parsing, so an out-of-range value is a usage error (exit 2) with a message, never a crash later.</summary>
internal static class OptionRules
{
    /// <summary>A TCP port: 0 (any free port) to 65535.</summary>
    public static Option<int> Port(this Option<int> option) => option.Between(0, 65535);

    public static Option<T> Between<T>(this Option<T> option, T min, T max)
        where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return; // not a number at all: the parser reports that error itself
            }

            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
            {
                result.AddError($"{option.Name} {value} is out of range: use {min} to {max}");
            }
        });
        return option;
    }
}
