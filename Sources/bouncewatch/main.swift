import BounceCLI

BouncewatchCommand.main()
