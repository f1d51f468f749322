"""Extensions created unbound; `create_app` binds them to an app."""

from flask_cors import CORS
from flask_jwt_extended import JWTManager
from flask_socketio import SocketIO

socketio = SocketIO()
jwt = JWTManager()
cors = CORS()
