// Every test here drives the self-host as a child process on a real Azurite and hledger-web: ./test.sh --fast leaves them out.
[assembly: AssemblyTrait("Category", "Integration")]
