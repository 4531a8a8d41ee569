import BounceCore
import BounceStore
