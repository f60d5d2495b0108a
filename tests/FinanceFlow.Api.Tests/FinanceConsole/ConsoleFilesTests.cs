using System.Text;
using System.Text.RegularExpressions;
using FinanceFlow.Api.FinanceConsole;

namespace FinanceFlow.Api.Tests.FinanceConsole;

/// <summary>
/// The console's embedded files as a browser under the console's Content-Security-Policy would load them: every link and module import
/// resolves to a file served, nothing inline that the policy would block, nothing from another origin, no data parsed as HTML.
/// </summary>
public sealed partial class ConsoleFilesTests
{
    [Fact]
    public void Files_AreThePageItsStyleSheetScriptsAndIcon()
    {
        var names = ConsoleFiles.Names.ToList();

        Assert.Contains(ConsoleFiles.IndexName, names);
        Assert.Contains("console.css", names);
        Assert.Contains("js/app.js", names);
        Assert.All(names, n => Assert.Matches("^[a-z0-9/-]+\\.(html|css|js|svg)$", n));
        Assert.Equal("text/javascript; charset=utf-8", ConsoleFiles.Find("js/views/story.js")!.ContentType);
        Assert.Null(ConsoleFiles.Find("js/../index.html"));
    }

    [Fact]
    public void Page_HasNoInlineScriptStyleOrHandler_AndEveryLinkIsAFileServed()
    {
        var html = Text(ConsoleFiles.IndexName);

        Assert.DoesNotMatch(ScriptWithoutSource(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(InlineAttribute(), html);
        var links = Links().Matches(html).Select(m => m.Groups["url"].Value).Where(u => !u.StartsWith('#') && !u.StartsWith("/.auth/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.True(ConsoleFiles.Find(link) is not null, $"index.html links to '{link}', which the console does not serve"));
    }

    [Fact]
    public void Scripts_ImportOnlyFilesServed_AndNeverParseDataAsHtml()
    {
        var imports = 0;
        foreach (var name in ConsoleFiles.Names.Where(n => n.EndsWith(".js", StringComparison.Ordinal)))
        {
            var script = Text(name);
            foreach (Match import in Imports().Matches(script))
            {
                imports++;
                var target = Resolve(name, import.Groups["path"].Value);
                Assert.True(ConsoleFiles.Find(target) is not null, $"{name} imports '{import.Groups["path"].Value}' ({target}), which the console does not serve");
            }

            Assert.DoesNotMatch(HtmlSinks(), script);
            Assert.DoesNotContain("eval(", script, StringComparison.Ordinal);
        }

        Assert.True(imports >= 10, $"only {imports} imports found: the pattern no longer reads the modules");
    }

    [Fact]
    public void Files_NameNoOtherOrigin()
    {
        foreach (var name in ConsoleFiles.Names)
        {
            // The SVG namespace is a name, not a place anything is loaded from.
            var text = Text(name).Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal);

            Assert.False(OtherOrigin().IsMatch(text), $"{name} names another origin: {OtherOrigin().Match(text).Value}");
        }
    }

    private static string Text(string name) => Encoding.UTF8.GetString(ConsoleFiles.Find(name)!.Content);

    private static string Resolve(string from, string relative)
    {
        var parts = from.Split('/')[..^1].ToList();
        foreach (var segment in relative.Split('/'))
        {
            if (segment == "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (segment != ".")
            {
                parts.Add(segment);
            }
        }

        return string.Join('/', parts);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptWithoutSource();

    [GeneratedRegex("\\s(on[a-z]+|style)\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineAttribute();

    [GeneratedRegex("(?:href|src)=\"(?<url>[^\"]+)\"")]
    private static partial Regex Links();

    [GeneratedRegex("(?:import|from)\\s*['\"](?<path>[^'\"]+)['\"]")]
    private static partial Regex Imports();

    [GeneratedRegex("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|setAttribute\\(\\s*['\"](style|on)")]
    private static partial Regex HtmlSinks();

    [GeneratedRegex("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex OtherOrigin();
}
