using Deque.AxeCore.Playwright;
using FinanceFlow.Testing;
using Microsoft.Playwright;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// Debian's chromium (installed by <c>./run.sh install</c>), headless, driven by Playwright's bundled driver — no browser download — on one
/// page of the console, with a screenshot of each step kept in <c>.local/test-results/screenshots/console/{test}/</c> and every uncaught
/// script error or Content-Security-Policy violation the page reports collected.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly string _screenshots;
    private readonly List<string> _problems = [];
    private int _step;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser, IPage page, string screenshots)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        _screenshots = screenshots;
        page.PageError += (_, error) => _problems.Add("script error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _problems.Add("CSP: " + message.Text);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Uncaught script errors and CSP violations seen so far.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Where this test's screenshots go.</summary>
    public static string ScreenshotFolder(string test) => Path.Combine(RepoPaths.Root, ".local", "test-results", "screenshots", "console", test);

    public static async Task<ConsoleBrowser> OpenAsync(string test)
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: ./run.sh install installs Debian's chromium (apt-get install chromium).");
        }

        var folder = ScreenshotFolder(test);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        return new ConsoleBrowser(playwright, browser, page, folder);
    }

    /// <summary>Keeps a full-page screenshot named after the step, numbered in order.</summary>
    public async Task ScreenshotAsync(string step)
    {
        _step++;
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_screenshots, $"{_step:00}-{step}.png"), FullPage = true });
    }

    /// <summary>Signs in as the console's form does it: the token pasted into the sign-in field.</summary>
    public async Task SignInAsync(string token)
    {
        var details = Page.Locator("#sign-in");
        if (await details.GetAttributeAsync("open") is null)
        {
            await Page.Locator("#sign-in > summary").ClickAsync();
        }

        await Page.GetByLabel("Access token", new PageGetByLabelOptions { Exact = true }).FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>The axe-core violations of the page as it stands whose impact is serious or critical, one line each.</summary>
    public async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync()
    {
        var result = await Page.RunAxe();
        if (result.Passes.Length == 0)
        {
            throw new InvalidOperationException("axe-core passed no rule on the page: it did not run.");
        }

        return [.. result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")];
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
