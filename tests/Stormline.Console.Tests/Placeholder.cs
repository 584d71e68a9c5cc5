namespace Stormline.Console.Tests;
