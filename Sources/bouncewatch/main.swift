import BounceCLI

BouncewatchCommand.runMain()
