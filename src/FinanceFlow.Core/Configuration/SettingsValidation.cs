using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Core.Configuration;

/// <summary>
/// Checks an options object and every object, list item and dictionary value inside it against their DataAnnotations (and
/// <see cref="IValidatableObject"/>), naming each failure by its configuration key, e.g. <c>FinanceFlow:PostingRetry:MaxAttempts</c>.
/// <c>ValidateDataAnnotations</c> stops at the top level, so a <c>[Range]</c> on a nested setting would never run.
/// </summary>
public static class SettingsValidation
{
    /// <summary>Every failure in <paramref name="settings"/>, bound from the section <paramref name="sectionPath"/>.</summary>
    public static IReadOnlyList<string> Failures(object settings, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var failures = new List<string>();
        Collect(settings, sectionPath, failures, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return failures;
    }

    /// <summary>Validates the options recursively at start-up; a bad setting stops the host with a message naming its key.</summary>
    public static OptionsBuilder<TOptions> ValidateSettings<TOptions>(this OptionsBuilder<TOptions> builder, string sectionPath)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new Validation<TOptions>(builder.Name, sectionPath));
        return builder.ValidateOnStart();
    }

    private static void Collect(object value, string path, List<string> failures, HashSet<object> seen)
    {
        if (!seen.Add(value))
        {
            return;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.ToList();
            failures.Add(members.Count == 0 ? $"{path}: {result.ErrorMessage}" : $"{path}:{string.Join(',', members)}: {result.ErrorMessage}");
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.GetValue(value) is { } child)
            {
                CollectChild(child, $"{path}:{property.Name}", failures, seen);
            }
        }
    }

    private static void CollectChild(object child, string path, List<string> failures, HashSet<object> seen)
    {
        switch (child)
        {
            case var leaf when IsLeaf(leaf.GetType()):
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Value is { } item && !IsLeaf(item.GetType()))
                    {
                        Collect(item, $"{path}:{Convert.ToString(entry.Key, CultureInfo.InvariantCulture)}", failures, seen);
                    }
                }

                return;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null && !IsLeaf(item.GetType()))
                    {
                        Collect(item, $"{path}:{index.ToString(CultureInfo.InvariantCulture)}", failures, seen);
                    }

                    index++;
                }

                return;
            default:
                Collect(child, path, failures, seen);
                return;
        }
    }

    /// <summary>Values with nothing inside to validate: primitives, strings, enums, and the framework's value types.</summary>
    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Uri)
        || (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && type.IsValueType);

    private sealed class Validation<TOptions>(string? optionsName, string sectionPath) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            if (optionsName is not null && name != optionsName)
            {
                return ValidateOptionsResult.Skip;
            }

            var failures = Failures(options, sectionPath);
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
