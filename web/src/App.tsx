import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { NotFoundPage } from './components/NotFoundPage.js';
import { AccountDetailPage } from './features/accounts/AccountDetailPage.js';
import { AccountNewPage } from './features/accounts/AccountNewPage.js';
import { AccountsListPage } from './features/accounts/AccountsListPage.js';
import { TeamsPage } from './features/admin/TeamsPage.js';
import { UsersPage } from './features/admin/UsersPage.js';
import { LoginPage } from './features/auth/LoginPage.js';
import { RequireAdmin, RequireAuth } from './features/auth/RequireAuth.js';
import { SetupPage } from './features/auth/SetupPage.js';
import { ContactDetailPage } from './features/contacts/ContactDetailPage.js';
import { ContactNewPage } from './features/contacts/ContactNewPage.js';
import { ContactsListPage } from './features/contacts/ContactsListPage.js';
import { FormDetailPage, FormNewPage } from './features/forms/FormPages.js';
import { FormsListPage } from './features/forms/FormsListPage.js';
import { ImportsPage } from './features/imports/ImportsPage.js';
import { InboxPage } from './features/inbox/InboxPage.js';
import { IcpPage } from './features/scoring/IcpPage.js';
import { ScoringRulesPage } from './features/scoring/ScoringRulesPage.js';
import { LazySlaDashboardPage } from './features/sla-dashboard/LazySlaDashboardPage.js';
import { SlaEditPage } from './features/sla/SlaEditPage.js';
import { SlaListPage } from './features/sla/SlaListPage.js';
import { RoutingPage } from './features/routing/RoutingPage.js';
import { ModelPage } from './features/predictive/ModelPage.js';
import { TokensPage } from './features/tokens/TokensPage.js';
import { TrackingPage } from './features/tracking/TrackingPage.js';
import { AppLayout } from './layout/AppLayout.js';

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/setup', element: <SetupPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <Navigate to="/contacts" replace /> },
          { path: 'contacts', element: <ContactsListPage /> },
          { path: 'contacts/new', element: <ContactNewPage /> },
          { path: 'contacts/:id', element: <ContactDetailPage /> },
          { path: 'accounts', element: <AccountsListPage /> },
          { path: 'accounts/new', element: <AccountNewPage /> },
          { path: 'accounts/:id', element: <AccountDetailPage /> },
          {
            path: 'admin',
            element: <RequireAdmin />,
            children: [
              { index: true, element: <Navigate to="/admin/users" replace /> },
              { path: 'users', element: <UsersPage /> },
              { path: 'teams', element: <TeamsPage /> },
            ],
          },
          { path: 'marketing/icp', element: <IcpPage /> },
          { path: 'marketing/scoring', element: <ScoringRulesPage /> },
          { path: 'marketing/forms', element: <FormsListPage /> },
          { path: 'marketing/forms/new', element: <FormNewPage /> },
          { path: 'marketing/forms/:id', element: <FormDetailPage /> },
          { path: 'marketing/tracking', element: <TrackingPage /> },
          { path: 'imports', element: <ImportsPage /> },
          { path: 'sales/inbox', element: <InboxPage /> },
          { path: 'sales/sla', element: <SlaListPage /> },
          { path: 'sales/sla/:id', element: <SlaEditPage /> },
          { path: 'sales/routing', element: <RoutingPage /> },
          { path: 'sla/dashboard', element: <LazySlaDashboardPage /> },
          { path: 'marketing/model', element: <ModelPage /> },
          { path: 'settings/tokens', element: <TokensPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
