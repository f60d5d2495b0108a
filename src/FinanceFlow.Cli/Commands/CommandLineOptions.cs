using System.Globalization;

namespace FinanceFlow.Cli.Commands;

/// <summary>
/// <c>--name value</c> and <c>--flag</c> options, parsed by hand; unknown options are errors, and so are repeated ones except
/// where the command reads a list (<see cref="Strings"/>).
/// </summary>
public sealed class CommandLineOptions
{
    private readonly Dictionary<string, List<string?>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public static CommandLineOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new CommandLineOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"Unexpected argument '{arg}'.");
            }

            string name;
            string? value = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[2..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg[2..];
                if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }
            }

            if (options._values.TryGetValue(name, out var given))
            {
                given.Add(value);
            }
            else
            {
                options._values.Add(name, [value]);
            }
        }

        return options;
    }

    public string? String(string name)
    {
        var values = Strings(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new UsageException($"Option --{name} is given twice."),
        };
    }

    /// <summary>Every value of an option that may be repeated (<c>--role A --role B</c>); empty when it is not given.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var values))
        {
            return [];
        }

        return values.Select(v => v ?? throw new UsageException($"Option --{name} needs a value.")).ToList();
    }

    public string RequiredString(string name) =>
        String(name) ?? throw new UsageException($"Option --{name} is required.");

    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var values))
        {
            return false;
        }

        if (values.Count > 1)
        {
            throw new UsageException($"Option --{name} is given twice.");
        }

        return values[0] is null ? true : throw new UsageException($"Option --{name} takes no value.");
    }

    public double Number(string name, double fallback, double min, double max)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"Option --{name} must be a number from {min} to {max}, not '{text}'.");
        }

        return value;
    }

    public int Integer(string name, int? fallback, int min, int max)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback ?? throw new UsageException($"Option --{name} is required.");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"Option --{name} must be a whole number from {min} to {max}, not '{text}'.");
        }

        return value;
    }

    /// <summary>Call once every option of the command was read: anything left over was a typo.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).Select(k => "--" + k).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option(s): {string.Join(", ", unknown)}.");
        }
    }
}
