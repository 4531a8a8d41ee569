import BounceCore
import GRDB
