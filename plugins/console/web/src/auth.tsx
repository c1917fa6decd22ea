// Who is logged in, shared with every screen.
import { createContext, useContext } from 'react';
import type { User } from './api/types';

export const UserContext = createContext<User | null>(null);
export const useUser = () => useContext(UserContext)!;
export const canDispatch = (u: User) => u.role === 'admin' || u.role === 'dispatcher';
